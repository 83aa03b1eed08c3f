using System.Text;
using System.Text.Encodings.Web;
using MhAll.Identity.Data;
using MhAll.Identity.Features.Tokens;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Portal;

/// <summary>
/// <c>GET|POST /account/sign-in</c>: identity's own sign-in page, where the authorize endpoint sends someone not signed
/// in. Plain server-rendered HTML (no script, no inline style: the gateway's CSP holds), an anti-forgery token, an error
/// summary. Email and password first; an account with an authenticator then gives its code, carried between the two
/// steps in a short-lived protected field rather than a half-signed-in cookie. A wrong password, an unknown address,
/// an unverified and a locked account all get the same answer; wrong passwords and codes count towards the lockout.
/// </summary>
public static class SignInPage
{
    public const string Path = "/account/sign-in";
    public const string ReturnUrlField = "returnUrl";
    public const string PendingField = "pending";
    private const string PendingPurpose = "MhAll.Identity.SignIn.SecondStep";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);
    private const int MaxField = 256;

    public const string Refused = "Enter a correct email address and password. After 5 wrong tries an account is locked for 15 minutes.";
    public const string WrongCode = "The code is wrong or has expired: enter the code the authenticator app shows now.";

    public static WebApplication MapSignInPage(this WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) =>
            Page(http, antiforgery, StatusCodes.Status200OK, PasswordStep(ReturnUrlOf(http.Request.Query[ReturnUrlField]), null, [])))
            .AllowAnonymous().ExcludeFromDescription().WithMetadata(QueryLimits.OpenIdConnect);
        app.MapPost(Path, PostAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery(); // checked below, by hand
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, IPasswordHasher<Account> hasher,
        IDataProtectionProvider protection, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SignInPage));
        if (!http.Request.HasFormContentType) return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(null, null, [("email", "Start again: the form was not sent as a form.")]));
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(http.RequestAborted); }
        catch (InvalidDataException) { return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(null, null, [("email", "Start again: the form was too large.")])); }
        var returnUrl = ReturnUrlOf(form[ReturnUrlField]);
        if (!await antiforgery.IsRequestValidAsync(http))
            return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, null, [("email", "The page had expired: sign in again.")]));
        var pendingProtector = protection.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector();

        // Step 2: the code from the authenticator app.
        if (Field(form, PendingField) is { } pending)
        {
            string accountId;
            try { accountId = pendingProtector.Unprotect(pending, out var expires); if (expires < time.GetUtcNow()) throw new System.Security.Cryptography.CryptographicException(); }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, null, [("email", "Signing in took too long: start again.")]));
            }
            var account = await users.FindByIdAsync(accountId);
            if (account is null || await users.IsLockedOutAsync(account))
                return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, null, [("email", Refused)]));
            var code = Field(form, "code")?.Replace(" ", "", StringComparison.Ordinal);
            if (code is null)
                return Page(http, antiforgery, StatusCodes.Status400BadRequest, CodeStep(returnUrl, pending, "Enter the 6-digit code from your authenticator app."));
            if (!await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
            {
                await users.AccessFailedAsync(account);
                logger.LogInformation("Wrong authenticator code at sign-in for account {AccountId}", account.Id);
                return await users.IsLockedOutAsync(account)
                    ? Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, null, [("email", Refused)]))
                    : Page(http, antiforgery, StatusCodes.Status400BadRequest, CodeStep(returnUrl, pending, WrongCode));
            }
            return await SignedInAsync(http, antiforgery, users, account, multiFactor: true, returnUrl, logger);
        }

        // Step 1: email and password.
        var email = Field(form, "email");
        var password = Field(form, "password");
        var missing = new List<(string, string)>();
        if (email is null) missing.Add(("email", "Enter your email address."));
        if (password is null) missing.Add(("password", "Enter your password."));
        if (missing.Count > 0) return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, email, missing));

        // A value no account could have (control characters, far too long) is a wrong password, not a database query.
        var plausible = email!.Length <= MaxField && !email.Any(char.IsControl) && password!.Length <= TokenRequestGuard.MaxLength;
        var found = plausible ? await users.FindByEmailAsync(email) : null;
        if (found is null)
        {
            TokenEndpoint.SpendAPasswordCheck(hasher, password!); // as long as a real check
            return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, email, [("email", Refused)]));
        }
        if (await users.IsLockedOutAsync(found))
            return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, email, [("email", Refused)]));
        if (!await users.CheckPasswordAsync(found, password!))
        {
            await users.AccessFailedAsync(found);
            logger.LogInformation("Wrong password at sign-in for account {AccountId}", found.Id);
            return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, email, [("email", Refused)]));
        }
        if (!found.EmailConfirmed)
            return Page(http, antiforgery, StatusCodes.Status400BadRequest, PasswordStep(returnUrl, email, [("email", Refused)]));
        if (found.TwoFactorEnabled)
        {
            var next = pendingProtector.Protect(found.Id, time.GetUtcNow() + PendingLifetime);
            return Page(http, antiforgery, StatusCodes.Status200OK, CodeStep(returnUrl, next, null));
        }
        return await SignedInAsync(http, antiforgery, users, found, multiFactor: false, returnUrl, logger);
    }

    private static async Task<IResult> SignedInAsync(HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, Account account,
        bool multiFactor, string? returnUrl, ILogger logger)
    {
        await users.ResetAccessFailedCountAsync(account);
        await http.SignInAsync(PortalSignIn.Scheme, PortalSignIn.Principal(account.Id, multiFactor));
        logger.LogInformation("Account {AccountId} signed in at the sign-in page", account.Id);
        // Roles that see personal data come only with a second factor (as in the token endpoint): say so, then go on.
        var held = (await users.GetRolesAsync(account)).Where(AccountRoles.NeedMultiFactor.Contains).ToList();
        if (!multiFactor && held.Count > 0)
            return Page(http, antiforgery, StatusCodes.Status200OK, SetUpAuthenticator(returnUrl, held));
        return returnUrl is null ? Page(http, antiforgery, StatusCodes.Status200OK, Done()) : Results.Redirect(returnUrl);
    }

    /// <summary>Only back to this service's authorize endpoint: never an open redirect.</summary>
    private static string? ReturnUrlOf(string? value) =>
        value is { Length: <= 4000 } url && url.StartsWith(Authorize.Path + "?", StringComparison.Ordinal) && !url.Any(char.IsControl) ? url : null;

    private static string? Field(IFormCollection form, string name) =>
        form[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    // ---- markup (GOV.UK-style: labels on every field, an error summary linking to the fields, no script) ----

    private delegate string Body(string antiforgeryToken, string tokenField);

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, int status, (string Title, Body Body) page)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(page.Title)} - MH-ALL</title></head>
            <body>
            <main id="main-content">
            {page.Body(tokens.RequestToken!, tokens.FormFieldName)}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    private static string ErrorSummary(IReadOnlyList<(string Field, string Message)> errors) => errors.Count == 0 ? "" : $"""
        <div class="govuk-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 class="govuk-error-summary__title" id="error-summary-title">There is a problem</h2>
        <ul class="govuk-list govuk-error-summary__list">{string.Concat(errors.Select(e => $"<li><a href=\"#{e.Field}\">{E(e.Message)}</a></li>"))}</ul>
        </div>
        """;

    private static string Hidden(string name, string? value) => value is null ? "" : $"<input type=\"hidden\" name=\"{name}\" value=\"{E(value)}\">";

    private static (string, Body) PasswordStep(string? returnUrl, string? email, IReadOnlyList<(string Field, string Message)> errors) =>
        ("Sign in", (token, tokenField) => $"""
            {ErrorSummary(errors)}
            <h1 class="govuk-heading-l">Sign in</h1>
            <form method="post" action="{Path}" novalidate>
            {Hidden(tokenField, token)}{Hidden(ReturnUrlField, returnUrl)}
            <div class="govuk-form-group"><label class="govuk-label" for="email">Email address</label>
            <input class="govuk-input" id="email" name="email" type="email" autocomplete="email" spellcheck="false" value="{E(email)}"></div>
            <div class="govuk-form-group"><label class="govuk-label" for="password">Password</label>
            <input class="govuk-input" id="password" name="password" type="password" autocomplete="current-password"></div>
            <button type="submit" class="govuk-button">Continue</button>
            </form>
            """);

    private static (string, Body) CodeStep(string? returnUrl, string pending, string? error) =>
        ("Enter the code from your authenticator app", (token, tokenField) => $"""
            {ErrorSummary(error is null ? [] : [("code", error)])}
            <h1 class="govuk-heading-l">Enter the code from your authenticator app</h1>
            <form method="post" action="{Path}" novalidate>
            {Hidden(tokenField, token)}{Hidden(ReturnUrlField, returnUrl)}{Hidden(PendingField, pending)}
            <div class="govuk-form-group"><label class="govuk-label" for="code">6-digit code</label>
            <div class="govuk-hint" id="code-hint">Open the authenticator app you set up for MH-ALL.</div>
            <input class="govuk-input govuk-input--width-10" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" aria-describedby="code-hint"></div>
            <button type="submit" class="govuk-button">Continue</button>
            </form>
            """);

    private static (string, Body) SetUpAuthenticator(string? returnUrl, IReadOnlyList<string> roles) =>
        ("Set up an authenticator app", (_, _) => $"""
            <h1 class="govuk-heading-l">Set up an authenticator app</h1>
            <p class="govuk-body">You are signed in. To work as {E(string.Join(", ", roles))} you need an authenticator app as well as your
            password. Until you set one up, the portal gives you only what your other roles allow.</p>
            {(returnUrl is null ? "" : $"<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{E(returnUrl)}\">Continue</a></p>")}
            """);

    private static (string, Body) Done() =>
        ("Signed in", (_, _) => """<h1 class="govuk-heading-l">You are signed in</h1>""");
}

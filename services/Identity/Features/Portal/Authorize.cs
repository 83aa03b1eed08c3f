using MhAll.Identity.Data;
using MhAll.Identity.Features.Tokens;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Features.Portal;

/// <summary>
/// <c>GET|POST /connect/authorize</c>, after OpenIddict has checked the client, its redirect URI, the response type, the
/// scopes and PKCE (S256 only, required of the portal). Someone not signed in at identity goes to the sign-in page and
/// comes back here; someone signed in gets a code at once (the portal is first-party: no consent screen).
/// </summary>
public static class Authorize
{
    public const string Path = "/connect/authorize";

    public static WebApplication MapAuthorize(this WebApplication app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).AllowAnonymous().ExcludeFromDescription()
            .WithMetadata(QueryLimits.OpenIdConnect);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, UserManager<Account> users, IOpenIddictScopeManager scopes, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(PortalSignIn.Scheme);
        var account = signedIn.Succeeded && signedIn.Principal.AccountId() is { } id ? await users.FindByIdAsync(id) : null;
        // Gone, locked since, or given an authenticator since signing in with the password alone: sign in again.
        var usable = account is not null && account.EmailConfirmed && !await users.IsLockedOutAsync(account)
            && (!account.TwoFactorEnabled || signedIn.Principal!.GaveSecondFactor());
        if (!usable || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return TokenEndpoint.Forbid(Errors.LoginRequired, "The person is not signed in.");
            await http.SignOutAsync(PortalSignIn.Scheme);
            // Back here afterwards with the same parameters, less prompt=login (or it would ask for ever).
            var parameters = request.GetParameters()
                .Where(p => p.Key != Parameters.Prompt)
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));
            var returnUrl = Path + QueryString.Create(parameters);
            return Results.Redirect(SignInPage.Path + QueryString.Create(SignInPage.ReturnUrlField, returnUrl));
        }

        var multiFactor = signedIn.Principal!.GaveSecondFactor();
        var identity = await TokenEndpoint.PersonAsync(account!, multiFactor, users);
        return await TokenEndpoint.SignInAsync(identity, request.GetScopes(), scopes, ct);
    }
}

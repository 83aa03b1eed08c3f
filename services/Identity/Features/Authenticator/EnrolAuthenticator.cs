using MhAll.Identity.Data;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Authenticator;

/// <summary>
/// A signed-in person starts enrolling an authenticator app (TOTP, RFC 6238): a new shared key, shown once, and the
/// <c>otpauth://</c> URI a QR code is drawn from. It counts only once confirmed with a code from the app.
/// </summary>
public static class EnrolAuthenticator
{
    public sealed record Response(string SharedKey, string AuthenticatorUri);

    public const string Issuer = "MH-ALL";

    public static RouteGroupBuilder MapEnrolAuthenticator(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts/me/authenticator", HandleAsync)
            .RequireAuthorization(Policies.Authenticated)
            .WithName("EnrolAuthenticator")
            .WithSummary("Start enrolling an authenticator app: its shared key and otpauth URI. Confirm with a code at .../authenticator/confirm.");
        return group;
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(HttpContext http, UserManager<Account> users,
        ILogger<Response> logger)
    {
        var account = await users.FindByIdAsync(http.User.SubjectId());
        if (account is null) return AccountProblems.NoAccount();
        // Replacing an authenticator in use needs more than a token (which a thief may hold): a coordinator resets it.
        if (account.TwoFactorEnabled)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You already have an authenticator app.",
                detail: "To move to another one, ask the programme team to reset it.");
        await users.ResetAuthenticatorKeyAsync(account);
        var key = await users.GetAuthenticatorKeyAsync(account) ?? throw new InvalidOperationException("No authenticator key was made.");
        logger.LogInformation("Account {AccountId} started enrolling an authenticator", account.Id);
        var label = Uri.EscapeDataString($"{Issuer}:{account.Email}");
        return TypedResults.Ok(new Response(key, $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30"));
    }
}

/// <summary>The problems the account endpoints share.</summary>
public static class AccountProblems
{
    public static ProblemHttpResult NoAccount() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no account for this sign-in.");
}

using MhAll.Identity.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Authenticator;

/// <summary>
/// A code from the newly enrolled app turns the second factor on: from the next sign-in, the account needs a code as
/// well as its password, and its tokens carry the roles that see personal data.
/// </summary>
public static class ConfirmAuthenticator
{
    public sealed record Request(string? Code);

    public static RouteGroupBuilder MapConfirmAuthenticator(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts/me/authenticator/confirm", HandleAsync)
            .RequireAuthorization(Policies.Authenticated)
            .WithName("ConfirmAuthenticator")
            .WithSummary("Turn on the second factor with a 6-digit code from the authenticator app just enrolled.");
        return group;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(Request request, HttpContext http,
        UserManager<Account> users, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().Required("code", request.Code, 10);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var account = await users.FindByIdAsync(http.User.SubjectId());
        if (account is null) return AccountProblems.NoAccount();
        var code = request.Code!.Replace(" ", "", StringComparison.Ordinal);
        if (await users.GetAuthenticatorKeyAsync(account) is null
            || !await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["code"] = ["This code is wrong or has expired: enter the one the app shows now."],
            });
        await users.SetTwoFactorEnabledAsync(account, true);
        logger.LogInformation("Account {AccountId} turned on its authenticator", account.Id);
        return TypedResults.NoContent();
    }
}

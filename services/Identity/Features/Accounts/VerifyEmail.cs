using System.ComponentModel.DataAnnotations;
using MhAll.Identity.Data;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Accounts;

/// <summary>The link in the sign-up email confirms the address; only then can the account sign in.</summary>
public static class VerifyEmail
{
    public sealed record Request(string? Account, [property: MaxLength(TokenLength)] string? Token);

    /// <summary>Data Protection tokens are a few hundred characters.</summary>
    public const int TokenLength = 2000;

    public static RouteGroupBuilder MapVerifyEmail(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts/verification", HandleAsync)
            .AllowAnonymous()
            .WithName("VerifyEmail")
            .WithSummary("Confirm an email address with the account and token of the link emailed at sign-up.");
        return group;
    }

    private static async Task<Results<NoContent, ValidationProblem>> HandleAsync(Request request, UserManager<Account> users, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().Required("account", request.Account, InputLimits.Text).Required("token", request.Token, TokenLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var account = await users.FindByIdAsync(request.Account!);
        if (account is null || !(await users.ConfirmEmailAsync(account, request.Token!)).Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["token"] = ["This link has expired or has been used. Sign up again with the same address for a new one."],
            });
        logger.LogInformation("Account {AccountId} confirmed its email address", account.Id);
        return TypedResults.NoContent();
    }
}

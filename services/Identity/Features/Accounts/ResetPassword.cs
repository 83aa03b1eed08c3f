using System.ComponentModel.DataAnnotations;
using MhAll.Identity.Data;
using MhAll.Identity.Passwords;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Accounts;

/// <summary>
/// The link in the reset email sets a new password. It also proves the address is the person's, so an unconfirmed
/// address is confirmed, and a lockout is lifted.
/// </summary>
public static class ResetPassword
{
    public sealed record Request(string? Account, [property: MaxLength(VerifyEmail.TokenLength)] string? Token, string? Password);

    public static RouteGroupBuilder MapResetPassword(this RouteGroupBuilder group)
    {
        group.MapPost("/password-reset/confirm", HandleAsync)
            .AllowAnonymous()
            .WithName("ResetPassword")
            .WithSummary("Choose a new password with the account and token of the link emailed by POST /password-reset.");
        return group;
    }

    private static async Task<Results<NoContent, ValidationProblem>> HandleAsync(Request request, UserManager<Account> users, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().Required("account", request.Account, InputLimits.Text).Required("token", request.Token, VerifyEmail.TokenLength);
        foreach (var problem in PasswordRules.Check(request.Password)) errors.Add("password", problem);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var account = await users.FindByIdAsync(request.Account!);
        if (account is null || !(await users.ResetPasswordAsync(account, request.Token!, request.Password!)).Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["token"] = ["This link has expired or has been used. Ask for a new one."],
            });
        if (!account.EmailConfirmed)
        {
            account.EmailConfirmed = true;
            await users.UpdateAsync(account);
        }
        await users.ResetAccessFailedCountAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
        logger.LogInformation("Account {AccountId} chose a new password", account.Id);
        return TypedResults.NoContent();
    }
}

using MhAll.Identity.Data;
using MhAll.Identity.Email;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Accounts;

/// <summary>
/// A person who forgot their password asks for a link to choose a new one. The answer is the same 202 for every
/// address, with or without an account; only an account's own address gets an email.
/// </summary>
public static class RequestPasswordReset
{
    public sealed record Request(string? Email);
    public sealed record Response(string Message);

    public const string Message = "If that address has an account, we have sent it an email with a link to choose a new password.";

    public static RouteGroupBuilder MapRequestPasswordReset(this RouteGroupBuilder group)
    {
        group.MapPost("/password-reset", HandleAsync)
            .AllowAnonymous()
            .WithName("RequestPasswordReset")
            .WithSummary("Ask for an email with a link to choose a new password. Always 202, whether or not the address has an account.");
        return group;
    }

    private static async Task<Results<Accepted<Response>, ValidationProblem>> HandleAsync(Request request, UserManager<Account> users,
        AccountLinks links, EmailOutbox outbox, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().Email("email", request.Email?.Trim());
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var email = request.Email!.Trim();
        if (await users.FindByEmailAsync(email) is { } account)
        {
            logger.LogInformation("Password reset asked for account {AccountId}", account.Id);
            outbox.Enqueue(new OutgoingEmail(email, "Choose a new password for MH-ALL",
                $"""
                Someone, perhaps you, asked to choose a new password for your Mental Health Research for All account.

                To choose one, open this link within a day:
                {await links.ResetAsync(account)}

                If you did not ask, ignore this email: your password stays as it is.
                """, account.Id));
        }
        return TypedResults.Accepted((string?)null, new Response(Message));
    }
}

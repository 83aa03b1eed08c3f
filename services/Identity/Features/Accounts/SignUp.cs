using MhAll.Identity.Data;
using MhAll.Identity.Email;
using MhAll.Identity.Passwords;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Accounts;

/// <summary>
/// A person signs up with their email, a password and the role they apply for (volunteer or panel member). The answer
/// is the same 202 whether the address is new or already has an account, and so is its timing: a new address gets a
/// verification link, an existing one a note to its owner. No one learns from here who has an account.
/// </summary>
public static class SignUp
{
    public sealed record Request(string? Email, string? Password, string? Role);
    public sealed record Response(string Message);

    public const string Message = "Thank you. We have sent an email to that address: follow its link to finish signing up.";

    public static RouteGroupBuilder MapSignUp(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts", HandleAsync)
            .AllowAnonymous()
            .WithName("SignUp")
            .WithSummary("Sign up with an email address, a password (12 to 128 characters, not a common one) and a role: volunteer or panel-member. Always 202: the email says what next.");
        return group;
    }

    private static async Task<Results<Accepted<Response>, ValidationProblem>> HandleAsync(Request request, UserManager<Account> users,
        IPasswordHasher<Account> hasher, AccountLinks links, EmailOutbox outbox, TimeProvider clock, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().Email("email", request.Email?.Trim());
        foreach (var problem in PasswordRules.Check(request.Password)) errors.Add("password", problem);
        errors.RequiredOneOf("role", request.Role, AccountRoles.SelfSignUp);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var email = request.Email!.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var account = new Account { UserName = email, Email = email, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(account, request.Password!);
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(account, request.Role!);
                logger.LogInformation("Account {AccountId} signed up as {Role}", account.Id, request.Role);
                outbox.Enqueue(new OutgoingEmail(email, "Confirm your email address for MH-ALL",
                    $"""
                    Thank you for signing up to Mental Health Research for All.

                    To confirm this is your email address, open this link within a day:
                    {await links.VerificationAsync(account)}

                    If you did not sign up, ignore this email: nothing happens without the link.
                    """, account.Id));
                return Accepted();
            }
            // Another sign-up with the same address got there first: its owner hears of it as below.
            existing = await users.FindByEmailAsync(email);
            if (existing is null) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Code)));
        }
        else
        {
            // As long as creating an account takes: hashing the password is most of it.
            _ = hasher.HashPassword(existing, request.Password!);
        }

        logger.LogInformation("Sign-up with the address of account {AccountId}; its owner is told", existing.Id);
        outbox.Enqueue(existing.EmailConfirmed
            ? new OutgoingEmail(email, "Someone tried to sign up to MH-ALL with your email address",
                """
                Someone, perhaps you, tried to sign up to Mental Health Research for All with this email address, which
                already has an account.

                If it was you, sign in as usual; if you have forgotten your password, ask for a new one on the sign-in page.
                If it was not you, you need do nothing: your account is unchanged.
                """, existing.Id)
            : new OutgoingEmail(email, "Confirm your email address for MH-ALL",
                $"""
                You have signed up to Mental Health Research for All before, but not yet confirmed this address.

                To confirm it, open this link within a day:
                {await links.VerificationAsync(existing)}

                Your password is the one you chose the first time; if you have forgotten it, ask for a new one.
                """, existing.Id));
        return Accepted();
    }

    private static Accepted<Response> Accepted() => TypedResults.Accepted((string?)null, new Response(Message));
}

using MhAll.Identity.Data;
using MhAll.Identity.Features.Authenticator;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Features.Grants;

/// <summary>
/// A coordinator grants or takes away a person's role. Researcher, staff and coordinator reach the person's tokens only
/// once they have an authenticator app (<see cref="AccountRoles.NeedMultiFactor"/>).
/// </summary>
public static class GrantRole
{
    public sealed record Request(string? Role);

    public static RouteGroupBuilder MapGrantRole(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts/{id}/roles", GrantAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GrantRole")
            .WithSummary("Grant a role to an account: volunteer, researcher, staff, panel-member or coordinator.");
        group.MapDelete("/accounts/{id}/roles/{role}", RevokeAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RevokeRole")
            .WithSummary("Take a role away from an account.");
        return group;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> GrantAsync(string id, Request request, HttpContext http,
        UserManager<Account> users, ILogger<Request> logger)
    {
        var errors = new ValidationErrors().RequiredOneOf("role", request.Role, AccountRoles.ForPeople);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await users.FindByIdAsync(id) is not { } account) return NoSuchAccount();
        if (!await users.IsInRoleAsync(account, request.Role!)) await users.AddToRoleAsync(account, request.Role!);
        logger.LogInformation("Coordinator {Coordinator} granted {Role} to account {AccountId}", http.User.SubjectId(), request.Role, account.Id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, string role, HttpContext http,
        UserManager<Account> users, ILogger<Request> logger)
    {
        if (await users.FindByIdAsync(id) is not { } account) return NoSuchAccount();
        if (AccountRoles.ForPeople.Contains(role) && await users.IsInRoleAsync(account, role)) await users.RemoveFromRoleAsync(account, role);
        logger.LogInformation("Coordinator {Coordinator} took {Role} from account {AccountId}", http.User.SubjectId(), role, account.Id);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NoSuchAccount() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such account.");
}

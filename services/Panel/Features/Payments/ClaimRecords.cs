using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Payments;

/// <summary>Reading claims: one claim (the member's own, or any for a coordinator), and the coordinator's list by status.</summary>
public static class ClaimRecords
{
    public static RouteGroupBuilder MapClaimRecords(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", async Task<Results<Ok<ClaimView>, NotFound>> (Guid id, HttpContext http, PanelDbContext db, CancellationToken ct) =>
                await db.FindClaimAsync(id, http.User, ct) is { } claim ? TypedResults.Ok(ClaimView.From(claim)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.PanelMember)
            .WithName("GetPanelClaim")
            .WithSummary("One claim: yours as a member, any as a coordinator.");
        group.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListPanelClaims")
            .WithSummary("Claims, oldest submitted first, optionally of one status (submitted, approved, rejected, settled, paid): the coordinator's queue.");
        return group;
    }

    private static async Task<Results<Ok<Paged<ClaimView>>, ValidationProblem>> ListAsync([AsParameters] PageQuery page, string? status,
        PanelDbContext db, CancellationToken ct)
    {
        var errors = page.Check().OneOf("status", status, ClaimStatuses.All);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var claims = db.Claims.AsNoTracking();
        if (status is not null) claims = claims.Where(c => c.Status == status);
        var found = await claims.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(found.Map(ClaimView.From));
    }
}

using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Requests;

/// <summary>Researchers see their own requests; coordinators see every request (the triage queue is status=awaiting-triage).</summary>
public static class ResearcherRequests
{
    public static RouteGroupBuilder MapResearcherRequests(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("ListInvolvementRequests")
            .WithSummary("Your involvement requests (a coordinator: all of them), filtered by status and type; oldest first, paged.");
        group.MapGet("/{id:guid}", async Task<Results<Ok<RequestView>, NotFound>> (Guid id, HttpContext http, PanelDbContext db, CancellationToken ct) =>
                await db.InvolvementRequests.AsNoTracking().FindVisibleAsync(id, http.User, ct) is { } request
                    ? TypedResults.Ok(RequestView.From(request))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.Researcher)
            .WithName("GetInvolvementRequest")
            .WithSummary("One of your involvement requests (a coordinator: any), with its triage outcome.");
        return group;
    }

    private static async Task<Results<Ok<Paged<RequestView>>, ValidationProblem>> ListAsync(string? status, string? type, [AsParameters] PageQuery page,
        HttpContext http, PanelDbContext db, CancellationToken ct)
    {
        var errors = page.Check().OneOf("status", status, RequestStatuses.All).OneOf("type", type, InvolvementTypes.All);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.InvolvementRequests.AsNoTracking();
        if (!http.User.IsInRole(Roles.Coordinator))
        {
            var subject = http.User.SubjectId();
            query = query.Where(r => r.OwnerSubjectId == subject);
        }
        if (status is not null) query = query.Where(r => r.Status == status);
        if (type is not null) query = query.Where(r => r.Type == type);
        var requests = await query.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(requests.Map(RequestView.From));
    }
}

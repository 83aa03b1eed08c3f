using MhAll.Learning.Data;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Features.Representation;

/// <summary>How many volunteers the register holds, as Learning has learnt from Participation's events.</summary>
public static class GetRegistrationCount
{
    public sealed record Response(int Registered, DateTimeOffset? LatestRegistrationAt);

    public static RouteGroupBuilder MapGetRegistrationCount(this RouteGroupBuilder group)
    {
        group.MapGet("/count", HandleAsync)
            .RequireAuthorization(Policies.Coordinator) // a raw, unsuppressed count: coordinators only
            .WithName("GetRegistrationCount")
            .WithSummary("Raw count of registered volunteers (coordinators only; in the audit trail).");
        return group;
    }

    private static async Task<Ok<Response>> HandleAsync(LearningDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var count = await db.RegisteredVolunteers.CountAsync(v => !v.Left, ct);
        var latest = await db.RegisteredVolunteers.Where(v => !v.Left).MaxAsync(v => (DateTimeOffset?)v.RegisteredAt, ct);
        db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, "registration-count");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Response(count, latest));
    }
}

using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Enrolments;

/// <summary>Programme staff see who is booked and waiting on a session, to run it and mark attendance; each read is in the audit trail.</summary>
public static class SessionRoster
{
    public sealed record Entry(Guid EnrolmentId, Guid? ProfileId, string? Name, string? Profession, bool UnderServed, string Status,
        int? WaitlistPosition, DateTimeOffset RequestedAt, DateTimeOffset? PlacedAt);

    public static IEndpointRouteBuilder MapSessionRoster(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/sessions/{id:guid}/enrolments", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Enrolments")
            .WithName("GetSessionRoster")
            .WithSummary("Everyone enrolled in a session: booked and attended first, then the waitlist in order, then cancelled; in the audit trail.");
        return app;
    }

    private static async Task<Results<Ok<List<Entry>>, NotFound>> HandleAsync(Guid id, HttpContext http, TrainingDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
        var rows = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == id)
            .GroupJoin(db.Profiles, e => e.ProfileId, p => p.Id, (e, p) => new { e, p })
            .SelectMany(x => x.p.DefaultIfEmpty(), (x, p) => new { x.e, p }).ToListAsync(ct);
        var positions = await Waitlist.PositionsAsync(db, [id], ct);
        db.Audit(http, clock, AuditActions.StaffRecordRead, AuditSubjects.CourseSession, id.ToString());
        await db.SaveChangesAsync(ct);
        int Rank(Enrolment e) => e.Status switch
        {
            EnrolmentStatuses.Waitlisted => 1,
            EnrolmentStatuses.Cancelled or EnrolmentStatuses.CancelledByOrganiser => 2,
            _ => 0,
        };
        return TypedResults.Ok(rows
            .OrderBy(r => Rank(r.e)).ThenBy(r => positions.GetValueOrDefault(r.e.Id)).ThenBy(r => r.e.Sequence)
            .Select(r => new Entry(r.e.Id, r.e.ProfileId, r.p?.Name, r.p?.Profession, r.e.UnderServed, r.e.Status,
                positions.TryGetValue(r.e.Id, out var position) ? position : null, r.e.RequestedAt, r.e.PlacedAt))
            .ToList());
    }
}

using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Enrolments;

/// <summary>
/// The one path that gives free places to the waitlist: after a cancellation, a capacity increase or a priority release.
/// Runs under the session's lock (<see cref="TrainingQueries.WithSessionLockedAsync{T}"/>), so each freed place
/// promotes exactly one person, in queue order (<see cref="Places"/>).
/// </summary>
public static class Waitlist
{
    /// <summary>Promotes from the waitlist while a place is free to the next eligible person; returns how many it promoted.</summary>
    public static async Task<int> FillAsync(TrainingDbContext db, CourseSession session, TimeProvider clock, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct); // count what the caller changed (a cancellation, say), still in its transaction
        var now = clock.GetUtcNow();
        var counts = await db.CountPlacesAsync(session, ct);
        var released = now >= session.PriorityReleaseAt;
        var queue = (await db.Enrolments.Where(e => e.SessionId == session.Id && e.Status == EnrolmentStatuses.Waitlisted).ToListAsync(ct))
            .InQueueOrder(e => e.UnderServed, e => e.Sequence).ToList();
        var promoted = 0;
        foreach (var next in queue)
        {
            if (counts.Taken >= counts.Capacity) break;
            if (!Places.CanTake(next.UnderServed, released, counts)) continue; // a kept place waits for someone under-served
            next.Status = EnrolmentStatuses.Booked;
            next.PlacedAt = now;
            db.Publish(new CoursePlaceTaken(session.Id, session.CourseId, next.UnderServed, FromWaitlist: true, now), clock);
            counts = counts with { Taken = counts.Taken + 1, TakenByOthers = counts.TakenByOthers + (next.UnderServed ? 0 : 1) };
            promoted++;
        }
        return promoted;
    }

    /// <summary>Each waitlisted enrolment's position (1 = next), for the given sessions.</summary>
    public static async Task<Dictionary<Guid, int>> PositionsAsync(TrainingDbContext db, IReadOnlyCollection<Guid> sessionIds, CancellationToken ct)
    {
        var waiting = await db.Enrolments.AsNoTracking()
            .Where(e => sessionIds.Contains(e.SessionId) && e.Status == EnrolmentStatuses.Waitlisted)
            .Select(e => new { e.Id, e.SessionId, e.UnderServed, e.Sequence }).ToListAsync(ct);
        return waiting.GroupBy(e => e.SessionId)
            .SelectMany(g => g.InQueueOrder(e => e.UnderServed, e => e.Sequence).Select((e, i) => (e.Id, Position: i + 1)))
            .ToDictionary(x => x.Id, x => x.Position);
    }
}

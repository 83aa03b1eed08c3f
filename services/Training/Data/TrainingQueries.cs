using System.Security.Claims;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Domain;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Data;

/// <summary>The lookups and the one locking path the Training features share, written once.</summary>
public static class TrainingQueries
{
    /// <summary>The signed-in member of staff's own profile; null when they have none (never anyone else's).</summary>
    public static Task<StaffProfile?> MineAsync(this IQueryable<StaffProfile> profiles, ClaimsPrincipal user, CancellationToken ct)
    {
        var subject = user.SubjectId();
        return profiles.SingleOrDefaultAsync(p => p.SubjectId == subject, ct);
    }

    /// <summary>Whether the profile is in an under-served staff group, by its profession group and its organisation's type.</summary>
    public static async Task<bool> IsUnderServedAsync(this TrainingDbContext db, StaffProfile profile, UnderServedOptions options, CancellationToken ct)
    {
        var type = await db.Organisations.Where(o => o.Id == profile.OrganisationId).Select(o => o.Type).SingleAsync(ct);
        return options.IsUnderServed(profile.ProfessionGroup, type);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the session's row lock (<c>SELECT ... FOR UPDATE</c>), so
    /// every change to its places happens one at a time (docs/decisions/0007); saves and commits when the work returns.
    /// The work gets null when there is no such session. Retried whole on a transient failure, so it must read what it
    /// needs inside.
    /// </summary>
    public static Task<T> WithSessionLockedAsync<T>(this TrainingDbContext db, Guid sessionId, Func<CourseSession?, Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var session = await db.LockSessionAsync(sessionId, ct);
            var result = await work(session);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        });

    /// <summary>Takes the session's row lock in the caller's transaction; null when there is no such session.</summary>
    public static async Task<CourseSession?> LockSessionAsync(this TrainingDbContext db, Guid sessionId, CancellationToken ct) =>
        (await db.Sessions.FromSql($"SELECT * FROM course_sessions WHERE id = {sessionId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();

    /// <summary>How the session's places stand, from what is saved (the caller saves first).</summary>
    public static async Task<Places.Counts> CountPlacesAsync(this TrainingDbContext db, CourseSession session, CancellationToken ct)
    {
        var held = await db.Enrolments.Where(e => e.SessionId == session.Id && EnrolmentStatuses.HoldingPlace.Contains(e.Status))
            .GroupBy(e => e.UnderServed).Select(g => new { UnderServed = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new Places.Counts(session.Capacity, session.ReservedPlaces, held.Sum(h => h.Count), held.Where(h => !h.UnderServed).Sum(h => h.Count));
    }
}

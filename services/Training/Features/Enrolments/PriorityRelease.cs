using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Enrolments;

/// <summary>
/// When a session's priority release passes, the places still kept for under-served groups open to everyone: this
/// hosted service looks every <c>PriorityPlaces:ReleaseCheckInterval</c> (a minute by default) for sessions released,
/// not started, with free places and a waitlist, and fills them through <see cref="Waitlist.FillAsync"/> under the lock.
/// </summary>
public sealed class PriorityRelease(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<PriorityRelease> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("PriorityPlaces:ReleaseCheckInterval", TimeSpan.FromMinutes(1));
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReleaseDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Releasing priority places failed; trying again at the next check");
            }
        }
    }

    public async Task<int> ReleaseDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Sessions.AsNoTracking()
            .Where(s => s.PriorityReleaseAt <= now && s.StartsAt > now
                && db.Enrolments.Any(e => e.SessionId == s.Id && e.Status == EnrolmentStatuses.Waitlisted)
                && db.Enrolments.Count(e => e.SessionId == s.Id && EnrolmentStatuses.HoldingPlace.Contains(e.Status)) < s.Capacity)
            .Select(s => s.Id).ToListAsync(ct);
        var promoted = 0;
        foreach (var id in due)
            promoted += await db.WithSessionLockedAsync(id, session => session is null ? Task.FromResult(0) : Waitlist.FillAsync(db, session, clock, ct), ct);
        if (promoted > 0) logger.LogInformation("Released priority places: {Promoted} promoted from waitlists", promoted);
        return promoted;
    }
}

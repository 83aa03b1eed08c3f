using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Offers;

/// <summary>
/// Every <c>Panel:Offers:SweepInterval</c> (a minute by default), expires the offers whose time has come and passes
/// places on: for each request being matched that has an offer due, or places still to offer before its respond-by
/// date (after an expiry, a member leaving, or members who now fit), it runs <see cref="OfferBooks.PassOnAsync"/>
/// under the request's row lock. <c>SKIP LOCKED</c>: a request another replica (or a member's answer) holds is left
/// to the next sweep, so two replicas never pass the same place on twice.
/// </summary>
public sealed class OfferSweep(IServiceScopeFactory scopes, IOptions<OfferOptions> options, PanelPopulation population, TimeProvider clock,
    ILogger<OfferSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Expiring and passing on Panel offers failed; trying again at the next sweep");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { /* stopping */ }
    }

    /// <summary>One sweep; returns how many offers it expired and how many it made.</summary>
    public async Task<(int Expired, int Made)> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var due = await db.InvolvementRequests.AsNoTracking()
            .Where(r => r.Status == RequestStatuses.Accepted && r.MatchingStartedAt != null
                && (db.Offers.Any(o => o.RequestId == r.Id && o.Status == OfferStatuses.Outstanding && o.ExpiresAt <= now)
                    || ((r.RespondBy >= today || (r.RespondBy == null && (r.StartDate == null || r.StartDate >= today)))
                        && r.MembersWanted > db.Offers.Count(o => o.RequestId == r.Id
                            && (o.Status == OfferStatuses.Accepted || o.Status == OfferStatuses.Outstanding)))))
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        var (expired, made) = (0, 0);
        foreach (var id in due)
        {
            var (e, m) = await db.WithRequestLockedAsync(id, skipLocked: true, async request =>
            {
                if (request is null) return (0, 0); // another replica or an answer holds it: the next sweep
                var before = await db.Offers.CountAsync(o => o.RequestId == id && o.Status == OfferStatuses.Expired, ct);
                var (_, offered) = await OfferBooks.PassOnAsync(db, request, options.Value, population.Shares, clock.GetUtcNow(), ct);
                return (db.Offers.Local.Count(o => o.RequestId == id && o.Status == OfferStatuses.Expired) - before, offered.Count);
            }, ct);
            (expired, made) = (expired + e, made + m);
        }
        if (expired + made > 0) logger.LogInformation("Panel offers swept: {Expired} expired, {Made} made", expired, made);
        return (expired, made);
    }
}

using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Offers;

/// <summary>A member's opportunities: the offers waiting for their answer, with what each involves, and the ones answered or closed.</summary>
public static class MyOffers
{
    /// <param name="Status">outstanding, accepted, declined, expired or withdrawn (the places were all taken, or you left).</param>
    /// <param name="ExpiresAt">Answer by then; after it the place passes to someone else.</param>
    public sealed record Opportunity(Guid OfferId, Guid RequestId, string Type, string Title, string Description, DateOnly? StartDate, DateOnly? EndDate,
        DateOnly? RespondBy, string? Format, decimal? EstimatedHours, decimal PreparationHours, string Status, DateTimeOffset MadeAt,
        DateTimeOffset ExpiresAt, DateTimeOffset? ClosedAt, string? DeclineReason);

    /// <param name="Outstanding">Waiting for your answer, soonest to expire first.</param>
    /// <param name="Past">Answered, expired or withdrawn, newest first.</param>
    public sealed record Opportunities(IReadOnlyList<Opportunity> Outstanding, IReadOnlyList<Opportunity> Past);

    public static RouteGroupBuilder MapMyOffers(this RouteGroupBuilder group)
    {
        group.MapGet("/me/offers", HandleAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("GetMyPanelOffers")
            .WithSummary("Your involvement opportunities: offers waiting for your answer (what, when, how, hours, answer by) and those answered or closed.");
        return group;
    }

    private static async Task<Results<Ok<Opportunities>, NotFound>> HandleAsync(HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var all = await OfAsync(db, db.Offers.Where(o => o.MemberId == member.Id), now, ct);
        return TypedResults.Ok(new Opportunities(
            [.. all.Where(o => o.Status == OfferStatuses.Outstanding).OrderBy(o => o.ExpiresAt)],
            [.. all.Where(o => o.Status != OfferStatuses.Outstanding).OrderByDescending(o => o.ClosedAt ?? o.ExpiresAt)]));
    }

    /// <summary>Offers with their requests, as the member sees them; one past its time shows as expired before the sweep marks it.</summary>
    public static async Task<List<Opportunity>> OfAsync(PanelDbContext db, IQueryable<Offer> offers, DateTimeOffset now, CancellationToken ct) =>
        [.. (await (from o in offers.AsNoTracking()
                    join r in db.InvolvementRequests.AsNoTracking() on o.RequestId equals r.Id
                    select new { Offer = o, Request = r }).ToListAsync(ct))
            .Select(x => new Opportunity(x.Offer.Id, x.Request.Id, x.Request.Type, x.Request.Title, x.Request.Description, x.Request.StartDate,
                x.Request.EndDate, x.Request.RespondBy, x.Request.Format, x.Request.EstimatedHours, x.Request.PreparationHours,
                x.Offer.Status == OfferStatuses.Outstanding && x.Offer.ExpiresAt <= now ? OfferStatuses.Expired : x.Offer.Status, x.Offer.MadeAt,
                x.Offer.ExpiresAt, x.Offer.Status == OfferStatuses.Outstanding && x.Offer.ExpiresAt <= now ? x.Offer.ExpiresAt : x.Offer.ClosedAt,
                x.Offer.DeclineReason))];
}

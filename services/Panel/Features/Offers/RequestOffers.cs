using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Offers;

/// <summary>
/// How a request's offers stand. Its researcher sees only how many places are taken and how many offers are out,
/// never who; a coordinator sees each offer, its member and why matching chose them (a read of member records: audited).
/// </summary>
public static class RequestOffers
{
    /// <param name="Outstanding">Offers out and not yet expired.</param>
    public sealed record Summary(Guid RequestId, int? MembersWanted, int Accepted, int Outstanding, bool Filled, DateTimeOffset? MatchingStartedAt);

    public sealed record Line(Guid OfferId, Guid MemberId, string? Name, int Rank, string Status, DateTimeOffset MadeAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? ClosedAt, string? DeclineReason, IReadOnlyList<string> Reasons);

    /// <param name="Seed">The seed matching ran with: the same members and seed give the same plan.</param>
    public sealed record Detail(Summary Summary, long? Seed, int Declined, int Expired, int Withdrawn, IReadOnlyList<Line> Offers);

    public static RouteGroupBuilder MapRequestOffers(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/offers", HandleAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("GetInvolvementRequestOffers")
            .WithSummary("How the request's offers stand: for its researcher, places taken and offers out (never who); for a coordinator, every offer with its member and why they were chosen (audited).");
        return group;
    }

    private static async Task<Results<Ok<Summary>, Ok<Detail>, NotFound>> HandleAsync(Guid id, HttpContext http, PanelDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (await db.InvolvementRequests.AsNoTracking().FindVisibleAsync(id, http.User, ct) is not { } request) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var offers = await db.Offers.AsNoTracking().Where(o => o.RequestId == id).OrderBy(o => o.MadeAt).ThenBy(o => o.Rank).ToListAsync(ct);
        // An offer past its time counts as expired even before the sweep marks it so.
        string StatusOf(Offer o) => o.Status == OfferStatuses.Outstanding && o.ExpiresAt <= now ? OfferStatuses.Expired : o.Status;
        var accepted = offers.Count(o => o.Status == OfferStatuses.Accepted);
        var summary = new Summary(id, request.MembersWanted, accepted, offers.Count(o => StatusOf(o) == OfferStatuses.Outstanding),
            request.MembersWanted is { } wanted && accepted >= wanted, request.MatchingStartedAt);
        if (!http.User.IsInRole(Roles.Coordinator)) return TypedResults.Ok(summary);

        var ids = offers.Select(o => o.MemberId).ToList();
        var names = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        db.Audit(http, clock, AuditActions.PanelMemberRecordRead, AuditSubjects.PanelMember, $"offers of request {id}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Detail(summary, request.MatchingSeed, offers.Count(o => o.Status == OfferStatuses.Declined),
            offers.Count(o => StatusOf(o) == OfferStatuses.Expired), offers.Count(o => o.Status == OfferStatuses.Withdrawn),
            [.. offers.Select(o => new Line(o.Id, o.MemberId, names.GetValueOrDefault(o.MemberId), o.Rank, StatusOf(o), o.MadeAt, o.ExpiresAt, o.ClosedAt,
                o.DeclineReason, o.Reasons))]));
    }
}

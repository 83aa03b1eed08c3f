using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Matching;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Offers;

/// <summary>
/// A coordinator starts matching an accepted request: fair matching (docs/decisions/0009) offers its places to the
/// active members who fit, least recently involved first and the group balanced against the local population, and
/// says why each was chosen. The seed is kept, so every later pass-on (after a decline or an expiry) follows the same
/// plan; asking again passes on what is still needed (the same plan, not a new draw).
/// </summary>
public static class StartMatching
{
    /// <param name="Seed">Optional: 0 to 9007199254740991; by default one derived from the request id, so the same members give the same plan.</param>
    public sealed record Start(long? Seed);

    /// <param name="Rank">1 for the first chosen.</param>
    /// <param name="Reasons">Why matching chose them; may name their equality groups (coordinators only).</param>
    public sealed record OfferMade(Guid OfferId, Guid MemberId, string? Name, int Rank, DateTimeOffset ExpiresAt, IReadOnlyList<string> Reasons);

    /// <param name="Eligible">Members who fit the request and were not offered it before this pass (those offered now included).</param>
    /// <param name="Excluded">Members left out, counted by the first rule they fail (not-active, already-offered, offer-outstanding, ...).</param>
    /// <param name="Shortfall">Places that could not be offered: nobody else fits yet. New members are offered them as they fit.</param>
    public sealed record MatchingResult(Guid RequestId, long Seed, DateTimeOffset MatchingStartedAt, int MembersWanted, int Accepted, int Outstanding,
        int Eligible, int Shortfall, IReadOnlyList<OfferMade> Offered, IReadOnlyDictionary<string, int> Excluded);

    public static RouteGroupBuilder MapStartMatching(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/offers", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("StartInvolvementMatching")
            .WithSummary("Offer an accepted request's places to the members fair matching chooses (optional seed), with why each was chosen; again: pass on what is still needed. 409 unless accepted, with members wanted, before its respond-by date.");
        return group;
    }

    private static async Task<Results<Ok<MatchingResult>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] Start? start, HttpContext http,
        PanelDbContext db, IOptions<OfferOptions> options, PanelPopulation population, TimeProvider clock, CancellationToken ct)
    {
        if (start?.Seed is < 0 or > OfferBooks.MaxSeed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["seed"] = [$"A whole number from 0 to {OfferBooks.MaxSeed}."] });
        return await db.WithRequestLockedAsync<Results<Ok<MatchingResult>, ValidationProblem, NotFound, ProblemHttpResult>>(id, skipLocked: false,
            async request =>
            {
                if (request is null) return TypedResults.NotFound();
                var now = clock.GetUtcNow();
                if (Refusal(request, start?.Seed, now) is { } refused) return refused;
                if (request.MatchingStartedAt is null)
                    (request.MatchingSeed, request.MatchingStartedAt, request.MatchingStartedBy) =
                        (start?.Seed ?? OfferBooks.DefaultSeed(request.Id), now, http.User.SubjectId());
                var (plan, made) = await OfferBooks.PassOnAsync(db, request, options.Value, population.Shares, now, ct);
                var names = await db.Members.AsNoTracking().Where(m => made.Select(o => o.MemberId).Contains(m.Id))
                    .ToDictionaryAsync(m => m.Id, m => m.Name, ct);
                var open = db.Offers.Local.Where(o => o.RequestId == request.Id).ToList();
                var accepted = open.Count(o => o.Status == OfferStatuses.Accepted);
                var outstanding = open.Count(o => o.Status == OfferStatuses.Outstanding);
                // Names of the members offered: in the audit trail, like any coordinator's read of member records.
                if (made.Count > 0) db.Audit(http, clock, AuditActions.PanelMemberRecordRead, AuditSubjects.PanelMember, $"offers of request {request.Id}");
                return TypedResults.Ok(new MatchingResult(request.Id, request.MatchingSeed!.Value, request.MatchingStartedAt!.Value,
                    request.MembersWanted!.Value, accepted, outstanding, plan?.Eligible ?? 0,
                    Math.Max(0, request.MembersWanted.Value - accepted - outstanding),
                    [.. made.OrderBy(o => o.Rank).Select(o => new OfferMade(o.Id, o.MemberId, names.GetValueOrDefault(o.MemberId), o.Rank, o.ExpiresAt, o.Reasons))],
                    (plan?.Excluded ?? []).GroupBy(e => Code(e.Reason)).OrderBy(g => g.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Count())));
            }, ct);
    }

    private static ProblemHttpResult? Refusal(InvolvementRequest request, long? seed, DateTimeOffset now)
    {
        if (request.Status != RequestStatuses.Accepted)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A request that is {request.Status} is not offered to members.",
                detail: "A coordinator accepts it in triage first (POST /api/panel/requests/{id}/triage).");
        if (request.MembersWanted is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The request does not say how many members are wanted.",
                detail: "Nothing can be offered until it does.");
        if (request.MatchingStartedAt is { } started && seed is { } asked && asked != request.MatchingSeed)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"Matching started on {started:yyyy-MM-dd} with seed {request.MatchingSeed}; its places pass on with that seed.",
                detail: "Leave the seed out (or give the same one) to pass on what is still needed.");
        if (!OfferBooks.OpenForOffers(request, now))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The request's respond-by date has passed: no more offers are made.",
                detail: "Members who accepted stay involved.");
        return null;
    }

    /// <summary>The exclusion as a stable code, e.g. MissingWantedSkills → missing-wanted-skills.</summary>
    public static string Code(ExclusionReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

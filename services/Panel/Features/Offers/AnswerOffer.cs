using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Matching;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Offers;

/// <summary>
/// A member accepts or declines an offer made to them (anyone else's is a 404), by the rules of
/// <see cref="OfferLifecycle"/>, under the request's row lock: of two acceptances for the last place, the first wins
/// and the second is a 409. The acceptance that fills the request withdraws the offers still out; a decline passes its
/// place on at once. Only an active member accepts: pausing withdraws a member's open offers.
/// </summary>
public static class AnswerOffer
{
    /// <param name="Reason">Optional: not-available, not-interested, too-much-time, health, access-needs or other.</param>
    public sealed record Decline(string? Reason);

    public static RouteGroupBuilder MapAnswerOffer(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/accept", (Guid id, HttpContext http, PanelDbContext db, IOptions<OfferOptions> options, PanelPopulation population,
                TimeProvider clock, CancellationToken ct) => AnswerAsync(id, accept: true, null, http, db, options.Value, population, clock, ct))
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("AcceptPanelOffer")
            .WithSummary("Accept an offer made to you. 409 when it has expired, the places are all taken, you already answered, or you are not active.");
        group.MapPost("/{id:guid}/decline", async Task<Results<Ok<MyOffers.Opportunity>, ValidationProblem, NotFound, ProblemHttpResult>> (Guid id,
                [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] Decline? decline, HttpContext http, PanelDbContext db,
                IOptions<OfferOptions> options, PanelPopulation population, TimeProvider clock, CancellationToken ct) =>
            {
                var errors = new ValidationErrors().OneOf("reason", decline?.Reason, DeclineReasons.All);
                if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
                return await AnswerAsync(id, accept: false, decline?.Reason, http, db, options.Value, population, clock, ct);
            })
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("DeclinePanelOffer")
            .WithSummary("Decline an offer made to you, optionally saying why (a category); its place passes on to the next member at once.");
        return group;
    }

    private static async Task<Results<Ok<MyOffers.Opportunity>, ValidationProblem, NotFound, ProblemHttpResult>> AnswerAsync(Guid id, bool accept,
        string? reason, HttpContext http, PanelDbContext db, OfferOptions options, PanelPopulation population, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        if (await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.MemberId == member.Id, ct) is not { } mine)
            return TypedResults.NotFound();
        var refusal = await db.WithRequestLockedAsync<ProblemHttpResult?>(mine.RequestId, skipLocked: false, async request =>
        {
            var now = clock.GetUtcNow();
            // Read again under the lock: a coordinator may have paused them since.
            var status = await db.Members.AsNoTracking().Where(m => m.Id == member.Id).Select(m => m.Status).SingleAsync(ct);
            var (book, rows) = await OfferBooks.LoadAsync(db, request!, ct);
            var due = OfferLifecycle.ExpireDue(book, now);
            if (accept && status != MemberStatuses.Active && rows.Single(r => r.Id == id).Status == OfferStatuses.Outstanding && !IsPast(mine, now))
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"You are {status} on the Panel, so you cannot accept offers just now.",
                    detail: "Once a coordinator makes you active again you can accept it, while it is open; or decline it.");
            var (answered, outcome) = accept ? OfferLifecycle.Accept(due, member.Id, now) : OfferLifecycle.Decline(due, member.Id, now);
            OfferBooks.Save(db, answered, rows, null, now);
            if (outcome == AnswerOutcome.Declined) rows.Single(r => r.Id == id).DeclineReason = reason;
            if (outcome is AnswerOutcome.Declined or AnswerOutcome.Expired)
            {
                // The freed place goes to the next member now, not at the sweep: save the answer first, so matching reads it.
                await db.SaveChangesAsync(ct);
                await OfferBooks.PassOnAsync(db, request!, options, population.Shares, now, ct);
            }
            return outcome switch
            {
                AnswerOutcome.Accepted or AnswerOutcome.Declined => null,
                AnswerOutcome.Expired => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: $"This offer expired on {mine.ExpiresAt:yyyy-MM-dd HH:mm} UTC; its place has passed to someone else.",
                    detail: "You will be offered other involvement that fits you."),
                AnswerOutcome.RequestFilled => Filled(),
                _ => rows.Single(r => r.Id == id).Status switch
                {
                    OfferStatuses.Withdrawn when status == MemberStatuses.Left => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                        title: "This offer was withdrawn when you left the Panel."),
                    OfferStatuses.Withdrawn when !due.IsFilled => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                        title: "This offer was withdrawn when your Panel membership was paused; its place has passed on.",
                        detail: "Now you are back you will be offered other involvement that fits you."),
                    OfferStatuses.Withdrawn => Filled(),
                    var closed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"You already answered this offer: {closed}.",
                        detail: "An answer cannot be changed here; ask the Panel coordinators."),
                },
            };
        }, ct);
        if (refusal is not null) return refusal;
        return TypedResults.Ok((await MyOffers.OfAsync(db, db.Offers.Where(o => o.Id == id), clock.GetUtcNow(), ct)).Single());
    }

    private static bool IsPast(Offer offer, DateTimeOffset now) => offer.ExpiresAt <= now;

    private static ProblemHttpResult Filled() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "The places on this request have all been taken.", detail: "Thank you for answering; you will be offered other involvement that fits you.");
}

using MhAll.Panel.Domain.Matching;
using static MhAll.UnitTests.Panel.PanelMembers;

namespace MhAll.UnitTests.Panel;

public sealed class OfferLifecycleTests
{
    private static readonly DateTimeOffset Monday = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly OfferPolicy ThreeDays = new(TimeSpan.FromDays(3));

    private static (OfferBook Book, OfferPlan Plan, InvolvementRequestSpec Request, List<MatchCandidate> Members) Opened(int wanted, int members)
    {
        var request = Request(membersWanted: wanted);
        var pool = Enumerable.Range(0, members).Select(i => Member(lastInvolved: Day(2026, 1, 1).AddDays(i * 10), involvements: 1)).ToList();
        var (book, plan) = OfferLifecycle.PassOn(OfferLifecycle.Open(request.Id, wanted), request, pool, PopulationShares.None,
            Options with { RecencyTieBandDays = 0 }, ThreeDays, Monday);
        return (book, plan, request, pool);
    }

    [Fact]
    public void Opening_offers_as_many_as_members_wanted_in_order_each_open_for_the_policy_time()
    {
        var (book, _, _, pool) = Opened(wanted: 2, members: 5);
        Assert.Equal([pool[0].Id, pool[1].Id], book.Offers.Select(o => o.MemberId));
        Assert.All(book.Offers, o => Assert.Equal((OfferState.Outstanding, Monday, Monday.AddDays(3)), (o.State, o.MadeAt, o.ExpiresAt)));
        Assert.Equal(0, book.OffersStillNeeded);
        Assert.False(book.IsFilled);
    }

    [Fact]
    public void The_request_is_filled_when_accepted_offers_reach_members_wanted_and_the_rest_are_withdrawn()
    {
        var (book, _, _, pool) = Opened(wanted: 2, members: 5);
        book = OfferLifecycle.Make(book, FairMatching.PlanOffers(Request(), pool.Skip(2).Take(1), PopulationShares.None, 1, Options), Monday, ThreeDays);
        Assert.Equal(2, book.Offers.Count); // no room: two already outstanding for two places

        var first = OfferLifecycle.Accept(book, pool[0].Id, Monday.AddHours(2));
        Assert.Equal(AnswerOutcome.Accepted, first.Outcome);
        Assert.False(first.Book.IsFilled);
        var second = OfferLifecycle.Accept(first.Book, pool[1].Id, Monday.AddHours(3));
        Assert.True(second.Book.IsFilled);
        Assert.Equal(2, second.Book.Accepted);
        Assert.Equal(AnswerOutcome.AlreadyClosed, OfferLifecycle.Accept(second.Book, pool[1].Id, Monday.AddHours(4)).Outcome);
    }

    [Fact]
    public void Filling_withdraws_offers_still_outstanding_and_later_answers_are_refused()
    {
        // A book a coordinator over-offered by hand: one place, two offers out.
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();
        var book = new OfferBook(Guid.NewGuid(), 1,
        [
            new InvolvementOffer(first, 1, Monday, Monday.AddDays(3), OfferState.Outstanding),
            new InvolvementOffer(second, 2, Monday, Monday.AddDays(3), OfferState.Outstanding),
        ]);
        var accepted = OfferLifecycle.Accept(book, first, Monday.AddHours(3)).Book;
        Assert.True(accepted.IsFilled);
        Assert.Equal((OfferState.Withdrawn, (DateTimeOffset?)Monday.AddHours(3)), (accepted.Offers[1].State, accepted.Offers[1].ClosedAt));
        Assert.Equal(AnswerOutcome.AlreadyClosed, OfferLifecycle.Accept(accepted, second, Monday.AddHours(4)).Outcome);

        var reopened = accepted with { Offers = [.. accepted.Offers, new InvolvementOffer(third, 3, Monday, Monday.AddDays(3), OfferState.Outstanding)] };
        Assert.Equal(AnswerOutcome.RequestFilled, OfferLifecycle.Accept(reopened, third, Monday.AddHours(5)).Outcome);
    }

    [Fact]
    public void A_declined_place_passes_on_to_the_next_candidate_and_never_back()
    {
        var (book, _, request, pool) = Opened(wanted: 1, members: 3);
        var declined = OfferLifecycle.Decline(book, pool[0].Id, Monday.AddHours(1));
        Assert.Equal(AnswerOutcome.Declined, declined.Outcome);
        Assert.Equal(1, declined.Book.OffersStillNeeded);
        var (passed, plan) = OfferLifecycle.PassOn(declined.Book, request, pool, PopulationShares.None, Options with { RecencyTieBandDays = 0 }, ThreeDays, Monday.AddHours(2));
        Assert.Equal(pool[1].Id, Assert.Single(plan.Offers).MemberId);
        Assert.Contains(new CandidateExclusion(pool[0].Id, ExclusionReason.AlreadyOffered), plan.Excluded);
        Assert.Equal([OfferState.Declined, OfferState.Outstanding], passed.Offers.Select(o => o.State));
    }

    [Fact]
    public void Offers_expire_after_the_configured_time_and_pass_on()
    {
        var (book, _, request, pool) = Opened(wanted: 1, members: 3);
        var beforeExpiry = OfferLifecycle.ExpireDue(book, Monday.AddDays(3).AddTicks(-1));
        Assert.Same(book, beforeExpiry);
        var (passed, plan) = OfferLifecycle.PassOn(book, request, pool, PopulationShares.None, Options with { RecencyTieBandDays = 0 }, ThreeDays, Monday.AddDays(3));
        Assert.Equal((OfferState.Expired, (DateTimeOffset?)Monday.AddDays(3)), (passed.Offers[0].State, passed.Offers[0].ClosedAt));
        Assert.Equal(pool[1].Id, Assert.Single(plan.Offers).MemberId);

        var longer = new OfferPolicy(TimeSpan.FromDays(7));
        var (weekLong, _) = OfferLifecycle.PassOn(OfferLifecycle.Open(request.Id, 1), request, pool, PopulationShares.None, Options, longer, Monday);
        Assert.Equal(Monday.AddDays(7), weekLong.Offers[0].ExpiresAt);
    }

    [Fact]
    public void An_answer_after_expiry_or_from_someone_not_offered_is_refused()
    {
        var (book, _, _, pool) = Opened(wanted: 1, members: 3);
        var late = OfferLifecycle.Accept(book, pool[0].Id, Monday.AddDays(3));
        Assert.Equal(AnswerOutcome.Expired, late.Outcome);
        Assert.Same(book, late.Book);
        Assert.Equal(AnswerOutcome.NotOffered, OfferLifecycle.Accept(book, pool[2].Id, Monday).Outcome);
        Assert.Equal(AnswerOutcome.NotOffered, OfferLifecycle.Decline(book, Guid.NewGuid(), Monday).Outcome);
        var expired = OfferLifecycle.ExpireDue(book, Monday.AddDays(4));
        Assert.Equal(AnswerOutcome.Expired, OfferLifecycle.Decline(expired, pool[0].Id, Monday.AddDays(4)).Outcome);
    }

    [Fact]
    public void When_the_pool_runs_out_nothing_more_is_offered()
    {
        var (book, _, request, pool) = Opened(wanted: 3, members: 2);
        Assert.Equal(2, book.Offers.Count);
        Assert.Equal(1, book.OffersStillNeeded);
        foreach (var member in pool) book = OfferLifecycle.Decline(book, member.Id, Monday.AddHours(1)).Book;
        var (after, plan) = OfferLifecycle.PassOn(book, request, pool, PopulationShares.None, Options, ThreeDays, Monday.AddHours(2));
        Assert.Empty(plan.Offers);
        Assert.Equal(3, after.OffersStillNeeded);
    }

    [Fact]
    public void Offer_times_must_be_positive_and_a_request_wants_someone()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferLifecycle.Open(Guid.NewGuid(), 0));
        var (book, plan, _, _) = Opened(wanted: 1, members: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferLifecycle.Make(book, plan, Monday, new OfferPolicy(TimeSpan.Zero)));
    }
}

using MhAll.Panel.Domain.Matching;
using static MhAll.UnitTests.Panel.PanelMembers;

namespace MhAll.UnitTests.Panel;

public sealed class FairMatchingTests
{
    private static OfferPlan Plan(InvolvementRequestSpec request, IEnumerable<MatchCandidate> members, int offers = 10,
        PopulationShares? population = null, FairMatchingOptions? options = null, IReadOnlySet<Guid>? alreadyOffered = null) =>
        FairMatching.PlanOffers(request, members, population ?? PopulationShares.None, offers, options ?? Options, alreadyOffered);

    [Theory]
    [InlineData(PanelMemberStatus.Applied)]
    [InlineData(PanelMemberStatus.Shortlisted)]
    [InlineData(PanelMemberStatus.Inducted)]
    [InlineData(PanelMemberStatus.Paused)]
    [InlineData(PanelMemberStatus.Left)]
    public void Only_active_members_are_offered(PanelMemberStatus status)
    {
        var member = Member(status: status);
        var plan = Plan(Request(), [member]);
        Assert.Empty(plan.Offers);
        Assert.Equal(new CandidateExclusion(member.Id, ExclusionReason.NotActive), Assert.Single(plan.Excluded));
    }

    [Theory]
    [InlineData(InvolvementFormat.Online, true, false, true)]
    [InlineData(InvolvementFormat.Online, false, true, false)]
    [InlineData(InvolvementFormat.InPerson, false, true, true)]
    [InlineData(InvolvementFormat.InPerson, true, false, false)]
    [InlineData(InvolvementFormat.Either, true, false, true)]
    [InlineData(InvolvementFormat.Either, false, true, true)]
    [InlineData(InvolvementFormat.Either, false, false, false)]
    public void The_format_must_fit_the_members_availability(InvolvementFormat format, bool online, bool inPerson, bool offered)
    {
        var plan = Plan(Request(format: format), [Member(online: online, inPerson: inPerson)]);
        Assert.Equal(offered, plan.Offers.Count == 1);
        if (!offered) Assert.Equal(ExclusionReason.FormatDoesNotFit, Assert.Single(plan.Excluded).Reason);
    }

    [Fact]
    public void A_member_unavailable_on_any_of_the_dates_is_not_offered()
    {
        var away = Member(unavailable: [new DateSpan(Day(2027, 3, 1), Day(2027, 3, 14))]);
        var free = Member(unavailable: [new DateSpan(Day(2027, 2, 1), Day(2027, 2, 28))]);
        var plan = Plan(Request(dates: [Day(2027, 3, 14), Day(2027, 4, 1)]), [away, free]);
        Assert.Equal([free.Id], plan.Offers.Select(o => o.MemberId));
        Assert.Equal(new CandidateExclusion(away.Id, ExclusionReason.UnavailableOnADate), Assert.Single(plan.Excluded));
    }

    [Fact]
    public void At_least_one_wanted_lived_experience_area_is_needed_and_any_will_do_when_none_is_wanted()
    {
        var psychosis = Member(livedExperience: ["psychosis"]);
        var both = Member(livedExperience: ["eating-disorders", "self-harm"]);
        var neither = Member(livedExperience: ["dementia"]);
        var wanted = Plan(Request(livedExperience: ["psychosis", "self-harm"]), [psychosis, both, neither]);
        Assert.Equal(new[] { psychosis.Id, both.Id }.Order(), wanted.Offers.Select(o => o.MemberId).Order());
        Assert.Equal(ExclusionReason.NoWantedLivedExperience, Assert.Single(wanted.Excluded).Reason);

        var any = Plan(Request(livedExperience: []), [psychosis, both, neither]);
        Assert.Equal(3, any.Offers.Count);
    }

    [Fact]
    public void Every_wanted_skill_is_needed()
    {
        var reviewer = Member(skills: ["document-review", "plain-english"]);
        var partial = Member(skills: ["document-review"]);
        var plan = Plan(Request(skills: ["document-review", "plain-english"]), [reviewer, partial]);
        Assert.Equal([reviewer.Id], plan.Offers.Select(o => o.MemberId));
        Assert.Equal(new CandidateExclusion(partial.Id, ExclusionReason.MissingWantedSkills), Assert.Single(plan.Excluded));
    }

    [Fact]
    public void Members_already_offered_this_request_or_holding_another_offer_are_left_out()
    {
        var offeredBefore = Member();
        var busy = Member(offersOutstanding: 1);
        var free = Member();
        var plan = Plan(Request(), [offeredBefore, busy, free], alreadyOffered: new HashSet<Guid> { offeredBefore.Id });
        Assert.Equal([free.Id], plan.Offers.Select(o => o.MemberId));
        Assert.Contains(new CandidateExclusion(offeredBefore.Id, ExclusionReason.AlreadyOffered), plan.Excluded);
        Assert.Contains(new CandidateExclusion(busy.Id, ExclusionReason.OfferOutstanding), plan.Excluded);

        var allowTwo = Plan(Request(), [busy], options: Options with { MostOutstandingOffers = 2 });
        Assert.Single(allowTwo.Offers);
    }

    [Fact]
    public void Never_involved_members_come_first_then_the_least_recently_involved()
    {
        var recent = Member(lastInvolved: Day(2026, 11, 1), involvements: 1);
        var never = Member();
        var longAgo = Member(lastInvolved: Day(2026, 1, 10), involvements: 1);
        var middle = Member(lastInvolved: Day(2026, 6, 1), involvements: 1);
        var plan = Plan(Request(), [recent, never, longAgo, middle], options: Options with { RecencyTieBandDays = 0 });
        Assert.Equal([never.Id, longAgo.Id, middle.Id, recent.Id], plan.Offers.Select(o => o.MemberId));
        Assert.Equal([1, 2, 3, 4], plan.Offers.Select(o => o.Rank));
    }

    [Fact]
    public void On_the_same_last_date_fewer_involvements_in_the_last_year_come_first()
    {
        var often = Member(lastInvolved: Day(2026, 5, 1), involvements: 6);
        var seldom = Member(lastInvolved: Day(2026, 5, 1), involvements: 1);
        var plan = Plan(Request(), [often, seldom], offers: 1);
        Assert.Equal(seldom.Id, Assert.Single(plan.Offers).MemberId);
    }

    [Fact]
    public void Only_as_many_offers_as_asked_for_are_planned()
    {
        var members = Enumerable.Range(0, 10).Select(_ => Member()).ToList();
        Assert.Equal(3, Plan(Request(), members, offers: 3).Offers.Count);
        Assert.Empty(Plan(Request(), members, offers: 0).Offers);
        Assert.Equal(10, Plan(Request(), members, offers: 50).Offers.Count);
    }

    [Fact]
    public void Within_the_recency_band_the_group_most_under_represented_so_far_is_preferred()
    {
        var population = EthnicShares(("white", 0.5), ("black", 0.25), ("asian", 0.25));
        // Three white members all slightly more due than the black and Asian members, within one band.
        List<MatchCandidate> members =
        [
            Member(equality: Ethnic("white"), lastInvolved: Day(2026, 1, 1), involvements: 1),
            Member(equality: Ethnic("white"), lastInvolved: Day(2026, 1, 2), involvements: 1),
            Member(equality: Ethnic("white"), lastInvolved: Day(2026, 1, 3), involvements: 1),
            Member(equality: Ethnic("black"), lastInvolved: Day(2026, 1, 20), involvements: 1),
            Member(equality: Ethnic("asian"), lastInvolved: Day(2026, 1, 25), involvements: 1),
        ];
        var plan = Plan(Request(), members, offers: 4, population: population);
        var groups = plan.Offers.Select(o => members.Single(m => m.Id == o.MemberId).Equality.EthnicGroup).ToList();
        Assert.Equal(["white", "black", "asian", "white"], groups);
        var diversity = plan.Offers[1].Reasons.Single(r => r.Kind == OfferReasonKind.Diversity);
        Assert.Equal(["ethnic-group:black"], diversity.Values);
        Assert.Contains("25% locally", diversity.Text);

        // Without a band, recency alone decides.
        var strict = Plan(Request(), members, offers: 4, population: population, options: Options with { RecencyTieBandDays = 0 });
        Assert.Equal(members.Take(4).Select(m => m.Id), strict.Offers.Select(o => o.MemberId));
    }

    [Fact]
    public void Diversity_never_reaches_past_the_band()
    {
        var population = EthnicShares(("white", 0.5), ("black", 0.5));
        var dueWhite = Member(equality: Ethnic("white"), lastInvolved: Day(2026, 1, 1), involvements: 1);
        var dueWhite2 = Member(equality: Ethnic("white"), lastInvolved: Day(2026, 1, 5), involvements: 1);
        var recentBlack = Member(equality: Ethnic("black"), lastInvolved: Day(2026, 9, 1), involvements: 1);
        var plan = Plan(Request(), [dueWhite, dueWhite2, recentBlack], offers: 2, population: population);
        Assert.Equal([dueWhite.Id, dueWhite2.Id], plan.Offers.Select(o => o.MemberId));
    }

    [Fact]
    public void Replacements_are_chosen_against_the_group_that_already_accepted()
    {
        var population = EthnicShares(("white", 0.5), ("black", 0.5));
        var white = Member(equality: Ethnic("white"));
        var black = Member(equality: Ethnic("black"));
        var plan = FairMatching.PlanOffers(Request(), [white, black], population, 1, Options, groupSoFar: [Ethnic("black"), Ethnic("black")]);
        Assert.Equal(white.Id, Assert.Single(plan.Offers).MemberId);
    }

    [Fact]
    public void Unrecorded_categories_are_neutral()
    {
        var population = EthnicShares(("white", 0.9), ("black", 0.1));
        var unknown = Member(equality: Unrecorded);
        var black = Member(equality: Ethnic("black"));
        var plan = FairMatching.PlanOffers(Request(), [unknown, black], population, 1, Options);
        Assert.Equal(black.Id, Assert.Single(plan.Offers).MemberId);
    }

    [Fact]
    public void Each_offer_gives_its_reasons()
    {
        var member = Member(livedExperience: ["psychosis", "dementia"], skills: ["plain-english"], inPerson: false,
            lastInvolved: Day(2026, 4, 2), involvements: 3);
        var offer = Assert.Single(Plan(Request(livedExperience: ["psychosis"], skills: ["plain-english"], format: InvolvementFormat.Online), [member]).Offers);
        Assert.Equal(
            ["lived experience: psychosis", "skills: plain english", "can take part online", "last involved 2 April 2026, 3 time(s) in the last 12 months"],
            offer.Reasons.Select(r => r.Text));
        var never = Assert.Single(Plan(Request(), [Member()]).Offers);
        Assert.Contains(never.Reasons, r => r is { Kind: OfferReasonKind.NeverInvolved, Text: "never involved yet" });
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan_in_any_input_order()
    {
        var random = new Random(7);
        var population = EthnicShares(("white", 0.6), ("black", 0.2), ("asian", 0.2));
        string[] groups = ["white", "black", "asian"];
        var members = Enumerable.Range(0, 60).Select(_ => Member(id: IdFrom(random), equality: Ethnic(groups[random.Next(3)]),
            lastInvolved: random.Next(3) == 0 ? null : Day(2026, 1, 1).AddDays(random.Next(300)), involvements: random.Next(4))).ToList();
        var request = Request(membersWanted: 8);
        var plan = FairMatching.PlanOffers(request, members, population, 8, Options);
        for (var i = 0; i < 5; i++)
        {
            var shuffled = members.OrderBy(_ => random.Next()).ToList();
            var again = FairMatching.PlanOffers(request, shuffled, population, 8, Options);
            Assert.Equal(plan.Offers.Select(o => (o.MemberId, o.Rank, string.Join("|", o.Reasons.Select(r => r.Text)))),
                again.Offers.Select(o => (o.MemberId, o.Rank, string.Join("|", o.Reasons.Select(r => r.Text)))));
            Assert.Equal(plan.Excluded, again.Excluded);
        }
    }

    [Fact]
    public void Ties_are_broken_by_the_seeded_hash_not_by_input_order()
    {
        var random = new Random(30);
        var members = Enumerable.Range(0, 30).Select(_ => Member(id: IdFrom(random))).ToList();
        var request = Request(id: IdFrom(random));
        var firstBySeed = Enumerable.Range(0, 20)
            .Select(seed => Plan(request, members, offers: 1, options: new FairMatchingOptions((ulong)seed)).Offers[0].MemberId)
            .ToList();
        Assert.True(firstBySeed.Distinct().Count() > 5, "different seeds should hand a tie to different members");
        Assert.Equal(firstBySeed[3], Plan(request, Enumerable.Reverse(members), offers: 1, options: new FairMatchingOptions(3)).Offers[0].MemberId);
    }

    [Fact]
    public void A_member_listed_twice_is_an_error()
    {
        var member = Member();
        Assert.Throws<ArgumentException>(() => Plan(Request(), [member, member]));
    }
}

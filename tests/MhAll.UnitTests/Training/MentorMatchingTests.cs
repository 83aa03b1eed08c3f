using MhAll.Training.Domain.Mentoring;

namespace MhAll.UnitTests.Training;

public sealed class MentorMatchingTests
{
    private static readonly string[] Professions = ["nursing", "psychology", "occupational-therapy"];
    private static readonly string[] Methods = ["qualitative-interviews", "randomised-trials", "systematic-reviews", "surveys"];
    private static readonly string[] Topics = ["psychosis", "perinatal", "eating-disorders", "dementia"];
    private static readonly string[] Slots = ["mon-am", "tue-pm", "wed-eve", "thu-am"];

    [Fact]
    public void Matches_as_many_as_exhaustive_search_then_the_same_best_total_fit()
    {
        var random = new Random(20261202);
        for (var instance = 0; instance < 200; instance++)
        {
            var mentors = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomMentor(random, maxCapacity: 2)).ToList();
            var mentees = Enumerable.Range(0, random.Next(1, 7)).Select(_ => RandomMentee(random)).ToList();
            var proposal = MentorMatching.Match(mentors, mentees);
            var (bestMatched, bestScore) = ExhaustiveBest(mentors, mentees);
            Assert.Equal(bestMatched, proposal.Matches.Count);
            Assert.Equal(bestScore, proposal.TotalScore);
        }
    }

    [Fact]
    public void Agrees_with_a_plain_min_cost_flow_on_instances_that_need_long_reassignments()
    {
        // Tight capacities make later mentees push earlier ones along chains of mentors.
        var random = new Random(11);
        for (var instance = 0; instance < 60; instance++)
        {
            var mentors = Enumerable.Range(0, random.Next(3, 12)).Select(_ => RandomMentor(random, maxCapacity: 4)).ToList();
            var mentees = Enumerable.Range(0, random.Next(10, 50)).Select(_ => RandomMentee(random)).ToList();
            var proposal = MentorMatching.Match(mentors, mentees);
            var (matched, score) = ReferenceMinCostFlow(mentors, mentees);
            Assert.Equal(matched, proposal.Matches.Count);
            Assert.Equal(score, proposal.TotalScore);
        }
    }

    [Fact]
    public void Matching_the_most_people_comes_before_the_better_fit()
    {
        var strong = Mentor(capacity: 1, methods: ["qualitative-interviews", "surveys"], topics: ["psychosis"]);
        var weak = Mentor(capacity: 1, methods: [], topics: [], professions: ["nursing"]);
        var flexible = Mentee("nursing", methods: ["qualitative-interviews", "surveys"], topics: ["psychosis"]);
        var onlyStrongFits = Mentee("psychology", methods: [], topics: []);
        var proposal = MentorMatching.Match([strong, weak], [flexible, onlyStrongFits]);
        Assert.Empty(proposal.Unmatched);
        Assert.Contains(proposal.Matches, m => m.MenteeId == flexible.Id && m.MentorId == weak.Id);
        Assert.Contains(proposal.Matches, m => m.MenteeId == onlyStrongFits.Id && m.MentorId == strong.Id);
    }

    [Fact]
    public void Capacities_hold_and_only_allowed_pairs_are_matched()
    {
        var random = new Random(5);
        var mentors = Enumerable.Range(0, 40).Select(_ => RandomMentor(random, maxCapacity: 3)).ToList();
        var mentees = Enumerable.Range(0, 300).Select(_ => RandomMentee(random)).ToList();
        var proposal = MentorMatching.Match(mentors, mentees);

        var byId = mentors.ToDictionary(m => m.Id);
        var menteeById = mentees.ToDictionary(m => m.Id);
        foreach (var group in proposal.Matches.GroupBy(m => m.MentorId)) Assert.True(group.Count() <= byId[group.Key].Capacity);
        foreach (var match in proposal.Matches)
        {
            var fit = MentorFit.Assess(byId[match.MentorId], menteeById[match.MenteeId]);
            Assert.NotNull(fit);
            Assert.Equal(fit.Score, match.Score);
        }
        Assert.Equal(mentees.Count, proposal.Matches.Count + proposal.Unmatched.Count);
        Assert.Equal(mentees.Select(m => m.Id).Order(), proposal.Matches.Select(m => m.MenteeId).Concat(proposal.Unmatched.Select(u => u.MenteeId)).Order());
    }

    [Fact]
    public void The_graph_keeps_the_same_pairs_and_scores_as_the_readable_rules()
    {
        var random = new Random(3);
        var mentors = Enumerable.Range(0, 30).Select(_ => RandomMentor(random, maxCapacity: 2)).ToList();
        var mentees = Enumerable.Range(0, 100).Select(_ => RandomMentee(random)).ToList();
        var graph = CompatibilityGraph.Build(mentors, mentees);
        for (var w = 0; w < graph.Mentees.Length; w++)
        {
            var expected = graph.Mentors.Select((mentor, v) => (v, mentor, fit: MentorFit.Assess(mentor, graph.Mentees[w]))).Where(x => x.fit is not null).ToList();
            Assert.Equal(expected.Count, graph.CompatibleMentors[w]);
            var edges = Enumerable.Range(graph.EdgeStart[w], graph.EdgeStart[w + 1] - graph.EdgeStart[w]).Select(e => (graph.EdgeMentor[e], graph.EdgeScore[e]));
            Assert.Equal(expected.Where(x => x.mentor.Capacity > 0).Select(x => (x.v, x.fit!.Score)), edges);
        }
    }

    [Fact]
    public void The_same_people_in_any_order_get_the_same_proposal()
    {
        var random = new Random(8);
        // Few distinct profiles: many equally good answers, so only the tie-breaking keeps the answer fixed.
        var mentors = Enumerable.Range(0, 25).Select(_ => RandomMentor(random, maxCapacity: 3)).ToList();
        var mentees = Enumerable.Range(0, 150).Select(_ => RandomMentee(random)).ToList();
        var expected = Describe(MentorMatching.Match(mentors, mentees));
        for (var shuffle = 0; shuffle < 5; shuffle++)
        {
            var shuffledMentors = mentors.OrderBy(_ => random.Next()).ToList();
            var shuffledMentees = mentees.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, Describe(MentorMatching.Match(shuffledMentors, shuffledMentees)));
        }

        static List<string> Describe(MentoringProposal proposal) =>
        [
            .. proposal.Matches.Select(m => $"{m.MenteeId} {m.MentorId} {m.Score} {string.Join("; ", m.Reasons.Select(r => r.Text))}"),
            .. proposal.Unmatched.Select(u => $"{u.MenteeId} {u.Reason} {u.CompatibleMentors}"),
        ];
    }

    [Fact]
    public void A_match_says_what_the_pair_shares()
    {
        var mentor = new MentorCandidate(Guid.NewGuid(), Set("qualitative-interviews", "thematic-analysis", "surveys"), Set("psychosis", "perinatal"),
            Set("occupational-therapy", "nursing"), 2, Set("tue-pm", "thu-am", "fri-am"), Set("online", "in-person"));
        var mentee = new MenteeRequest(Guid.NewGuid(), "occupational-therapy", Set("psychosis", "dementia"), Set("thematic-analysis", "qualitative-interviews"),
            Set("tue-pm", "mon-am"), Set("online"));

        var match = Assert.Single(MentorMatching.Match([mentor], [mentee]).Matches);

        Assert.Equal(
            ["supports occupational therapy", "methods: qualitative interviews, thematic analysis", "topics: psychosis", "both available Tuesday afternoons", "both can meet online"],
            match.Reasons.Select(r => r.Text));
        Assert.Equal([MatchReasonKind.Profession, MatchReasonKind.Methods, MatchReasonKind.Topics, MatchReasonKind.Availability, MatchReasonKind.Mode],
            match.Reasons.Select(r => r.Kind));
        Assert.Equal(["qualitative-interviews", "thematic-analysis"], match.Reasons[1].Values);
        Assert.Equal(2 * MentorFit.PointsPerMethod + MentorFit.PointsPerTopic + MentorFit.PointsPerSlot, match.Score);
    }

    [Fact]
    public void Pairs_without_the_profession_a_shared_slot_or_a_shared_mode_are_never_allowed()
    {
        var mentor = Mentor(capacity: 5, methods: ["surveys"], topics: ["psychosis"], professions: ["nursing"], slots: ["mon-am"], modes: ["online"]);
        Assert.NotNull(MentorFit.Assess(mentor, Mentee("nursing", ["surveys"], ["psychosis"], slots: ["mon-am"], modes: ["online"])));
        Assert.Null(MentorFit.Assess(mentor, Mentee("psychology", ["surveys"], ["psychosis"], slots: ["mon-am"], modes: ["online"])));
        Assert.Null(MentorFit.Assess(mentor, Mentee("nursing", ["surveys"], ["psychosis"], slots: ["tue-pm"], modes: ["online"])));
        Assert.Null(MentorFit.Assess(mentor, Mentee("nursing", ["surveys"], ["psychosis"], slots: ["mon-am"], modes: ["in-person"])));
        // Someone who is both a mentor and a mentee is not their own mentor.
        Assert.Null(MentorFit.Assess(mentor, Mentee("nursing", ["surveys"], ["psychosis"], slots: ["mon-am"], modes: ["online"]) with { Id = mentor.Id }));
    }

    [Fact]
    public void An_allowed_pair_with_nothing_else_in_common_is_still_a_match()
    {
        var mentor = Mentor(capacity: 1, methods: ["surveys"], topics: ["dementia"], professions: ["nursing"]);
        var match = Assert.Single(MentorMatching.Match([mentor], [Mentee("nursing", methods: ["randomised-trials"], topics: ["psychosis"])]).Matches);
        Assert.Equal(MentorFit.PointsPerSlot, match.Score);
        Assert.DoesNotContain(match.Reasons, r => r.Kind is MatchReasonKind.Methods or MatchReasonKind.Topics);
    }

    [Fact]
    public void Unmatched_mentees_are_told_whether_no_mentor_suits_them_or_those_who_do_are_full()
    {
        var busy = Mentor(capacity: 1, methods: ["surveys"], topics: [], professions: ["nursing"]);
        var away = Mentor(capacity: 0, methods: [], topics: [], professions: ["psychology"]);
        var first = Mentee("nursing", methods: ["surveys"], topics: []);
        var second = Mentee("nursing", methods: [], topics: []);
        var onlyAwayFits = Mentee("psychology", methods: [], topics: []);
        var nobodyFits = Mentee("occupational-therapy", methods: [], topics: []);

        var proposal = MentorMatching.Match([busy, away], [first, second, onlyAwayFits, nobodyFits]);

        Assert.Equal(first.Id, Assert.Single(proposal.Matches).MenteeId);
        var unmatched = proposal.Unmatched.ToDictionary(u => u.MenteeId);
        Assert.Equal((UnmatchedReason.CompatibleMentorsFull, 1), (unmatched[second.Id].Reason, unmatched[second.Id].CompatibleMentors));
        Assert.Equal((UnmatchedReason.CompatibleMentorsFull, 1), (unmatched[onlyAwayFits.Id].Reason, unmatched[onlyAwayFits.Id].CompatibleMentors));
        Assert.Equal((UnmatchedReason.NoCompatibleMentor, 0), (unmatched[nobodyFits.Id].Reason, unmatched[nobodyFits.Id].CompatibleMentors));
        Assert.Equal(proposal.Unmatched.Select(u => u.MenteeId).Order(), proposal.Unmatched.Select(u => u.MenteeId));
    }

    [Fact]
    public void A_pair_a_coordinator_rejected_is_not_proposed_again()
    {
        var best = Mentor(capacity: 1, methods: ["surveys"], topics: ["psychosis"]);
        var other = Mentor(capacity: 1, methods: [], topics: []);
        var mentee = Mentee("nursing", methods: ["surveys"], topics: ["psychosis"]);
        Assert.Equal(best.Id, Assert.Single(MentorMatching.Match([best, other], [mentee]).Matches).MentorId);

        Assert.Equal(other.Id, Assert.Single(MentorMatching.Match([best, other], [mentee], [(mentee.Id, best.Id)]).Matches).MentorId);
        var left = Assert.Single(MentorMatching.Match([best, other], [mentee], [(mentee.Id, best.Id), (mentee.Id, other.Id)]).Unmatched);
        Assert.Equal((UnmatchedReason.NoCompatibleMentor, 0), (left.Reason, left.CompatibleMentors));
    }

    [Fact]
    public void Nobody_to_match_gives_an_empty_proposal()
    {
        Assert.Empty(MentorMatching.Match([], []).Matches);
        var alone = Mentee("nursing", [], []);
        Assert.Equal(UnmatchedReason.NoCompatibleMentor, Assert.Single(MentorMatching.Match([], [alone]).Unmatched).Reason);
    }

    [Fact]
    public void Repeated_ids_and_negative_capacities_are_refused()
    {
        var mentor = Mentor(capacity: 1, methods: [], topics: []);
        var mentee = Mentee("nursing", [], []);
        Assert.Throws<ArgumentException>(() => MentorMatching.Match([mentor, mentor], [mentee]));
        Assert.Throws<ArgumentException>(() => MentorMatching.Match([mentor], [mentee, mentee]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MentorMatching.Match([mentor with { Capacity = -1 }], [mentee]));
    }

    private static HashSet<string> Set(params string[] codes) => [.. codes];

    private static MentorCandidate Mentor(int capacity, string[] methods, string[] topics, string[]? professions = null, string[]? slots = null, string[]? modes = null) =>
        new(Guid.NewGuid(), Set(methods), Set(topics), Set(professions ?? Professions), capacity, Set(slots ?? ["mon-am"]), Set(modes ?? ["online"]));

    private static MenteeRequest Mentee(string profession, string[] methods, string[] topics, string[]? slots = null, string[]? modes = null) =>
        new(Guid.NewGuid(), profession, Set(topics), Set(methods), Set(slots ?? ["mon-am"]), Set(modes ?? ["online"]));

    private static HashSet<string> Subset(Random random, string[] codes, double chance) => [.. codes.Where(_ => random.NextDouble() < chance)];

    private static MentorCandidate RandomMentor(Random random, int maxCapacity) =>
        new(Guid.NewGuid(), Subset(random, Methods, 0.4), Subset(random, Topics, 0.4), Subset(random, Professions, 0.6), random.Next(maxCapacity + 1),
            Subset(random, Slots, 0.6), Subset(random, MentoringAvailability.Modes, 0.7));

    private static MenteeRequest RandomMentee(Random random) =>
        new(Guid.NewGuid(), Professions[random.Next(Professions.Length)], Subset(random, Topics, 0.4), Subset(random, Methods, 0.4),
            Subset(random, Slots, 0.6), Subset(random, MentoringAvailability.Modes, 0.8));

    /// <summary>Tries every mentor (or none) for every mentee: the most matched, then the greatest total score.</summary>
    private static (int Matched, int Score) ExhaustiveBest(List<MentorCandidate> mentors, List<MenteeRequest> mentees)
    {
        var best = (Matched: 0, Score: 0);
        var load = new int[mentors.Count];
        Try(0, 0, 0);
        return best;

        void Try(int next, int matched, int score)
        {
            if (next == mentees.Count)
            {
                if (matched > best.Matched || (matched == best.Matched && score > best.Score)) best = (matched, score);
                return;
            }
            Try(next + 1, matched, score);
            for (var v = 0; v < mentors.Count; v++)
            {
                if (load[v] == mentors[v].Capacity || MentorFit.Assess(mentors[v], mentees[next]) is not { } fit) continue;
                load[v]++;
                Try(next + 1, matched + 1, score + fit.Score);
                load[v]--;
            }
        }
    }

    /// <summary>
    /// Textbook min-cost max-flow on the whole network (Bellman–Ford shortest paths, every node explicit), costing a
    /// pair −score: a second, independent way to the same optimum.
    /// </summary>
    private static (int Matched, int Score) ReferenceMinCostFlow(List<MentorCandidate> mentors, List<MenteeRequest> mentees)
    {
        int source = 0, sink = 1 + mentees.Count + mentors.Count, nodes = sink + 1;
        var (from, to, capacity, cost) = (new List<int>(), new List<int>(), new List<int>(), new List<int>());
        void Add(int u, int v, int cap, int c)
        {
            from.Add(u); to.Add(v); capacity.Add(cap); cost.Add(c);
            from.Add(v); to.Add(u); capacity.Add(0); cost.Add(-c);
        }
        for (var w = 0; w < mentees.Count; w++)
        {
            Add(source, 1 + w, 1, 0);
            for (var v = 0; v < mentors.Count; v++)
                if (MentorFit.Assess(mentors[v], mentees[w]) is { } fit) Add(1 + w, 1 + mentees.Count + v, 1, -fit.Score);
        }
        for (var v = 0; v < mentors.Count; v++) Add(1 + mentees.Count + v, sink, mentors[v].Capacity, 0);

        var (matched, total) = (0, 0);
        while (true)
        {
            var distance = Enumerable.Repeat(int.MaxValue, nodes).ToArray();
            var via = new int[nodes];
            distance[source] = 0;
            for (var round = 0; round < nodes; round++)
                for (var e = 0; e < from.Count; e++)
                    if (capacity[e] > 0 && distance[from[e]] != int.MaxValue && distance[from[e]] + cost[e] < distance[to[e]])
                        (distance[to[e]], via[to[e]]) = (distance[from[e]] + cost[e], e);
            if (distance[sink] == int.MaxValue) return (matched, total);
            for (var node = sink; node != source; node = from[via[node]])
            {
                capacity[via[node]]--;
                capacity[via[node] ^ 1]++;
            }
            matched++;
            total -= distance[sink];
        }
    }
}

using System.Diagnostics;
using MhAll.Training.Domain.Mentoring;

namespace MhAll.Benchmarks;

/// <summary>
/// Mentor matching (Training) for 5,000 mentees and 500 mentors, generated from a seed, in process: no servers.
/// Beside it, in the same run, building the compatibility graph alone and a greedy pass over the same edges, so
/// machine drift shows and the optimum's gain over greedy is visible.
/// </summary>
public static class MentoringBenchmark
{
    private const int Mentees = 5_000;
    private const int Mentors = 500;

    // Weights roughly as the trusts' workforce; mentors lean towards the professions that do most research.
    private static readonly (string Code, double MenteeWeight, double MentorWeight)[] Professions =
    [
        ("nursing", 30, 15), ("psychology", 14, 25), ("psychiatry", 9, 20), ("occupational-therapy", 8, 8), ("social-work", 8, 6),
        ("peer-support", 8, 3), ("healthcare-support", 7, 1), ("psychotherapy", 5, 8), ("pharmacy", 4, 6), ("speech-and-language-therapy", 2, 3),
        ("dietetics", 2, 2), ("physiotherapy", 3, 3),
    ];

    // In order of popularity: earlier codes are chosen more often.
    private static readonly string[] Methods =
    [
        "qualitative-interviews", "surveys", "service-evaluation", "quality-improvement", "thematic-analysis", "systematic-reviews",
        "focus-groups", "co-production", "randomised-trials", "feasibility-studies", "statistics", "routine-data", "mixed-methods",
        "audit", "meta-analysis", "implementation-science", "health-economics", "ethnography",
    ];

    private static readonly string[] Topics =
    [
        "depression", "anxiety", "psychosis", "crisis-care", "inequalities", "child-and-adolescent", "dementia", "physical-health",
        "perinatal", "substance-use", "eating-disorders", "trauma", "suicide-prevention", "personality-disorder", "autism", "adhd",
        "learning-disability", "forensic", "older-adults", "community-services",
    ];

    private static readonly string[] WeekdaySlots = [.. MentoringAvailability.Slots.Where(s => !s.StartsWith("sat", StringComparison.Ordinal) && !s.StartsWith("sun", StringComparison.Ordinal))];
    private static readonly string[] WeekendSlots = [.. MentoringAvailability.Slots.Except(WeekdaySlots)];

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var runs = quick ? 5 : 20;
        Console.WriteLine($"Mentor matching: {Mentees:N0} mentees, {Mentors} mentors, {runs} runs per scenario...");
        var scarce = Measure("scarce places", seed: 2026, capacities: [1, 1, 2, 2, 2, 3, 3, 4], runs);
        var ample = Measure("ample places", seed: 2027, capacities: [6, 8, 10, 12, 14], runs);

        List<(string, string, string, bool?)> rows = [];
        foreach (var s in new[] { scarce, ample })
            rows.AddRange(
            [
                ($"{s.Name}: places, allowed pairs", $"{s.Places:N0} places, {s.Edges:N0} pairs", "", null),
                ($"{s.Name}: matched and total fit, optimal (greedy)", $"{s.Matched:N0} / {s.Score:N0} ({s.GreedyMatched:N0} / {s.GreedyScore:N0})", "", null),
                ($"{s.Name}: matching p50 (ms)", $"{s.Match.P50:F0}", "", null),
                ($"{s.Name}: matching p95 (ms)", $"{s.Match.P95:F0}", "≤ 1000", s.Match.P95 <= 1000),
                ($"{s.Name}: baseline, building the graph alone p50 / p95 (ms)", $"{s.Graph.P50:F0} / {s.Graph.P95:F0}", "", null),
                ($"{s.Name}: baseline, greedy over the graph p50 / p95 (ms)", $"{s.Greedy.P50:F1} / {s.Greedy.P95:F1}", "", null),
            ]);

        await results.WriteAsync("mentoring", "Mentoring benchmark", rows,
            $"""
            {Mentees:N0} mentee requests and {Mentors} mentors generated from a seed: professions weighted like the trusts'
            workforce (mentors support their own and 0–3 others), methods and topics drawn with a popularity skew
            ({Methods.Length} methods, {Topics.Length} topics), weekday slots with a few at weekends, online or in person.
            "Scarce places": capacities 1–4 (far fewer places than mentees, as expected in practice); "ample places":
            6–14 (about as many places as mentees, the most reassignment). Matching is `MentorMatching.Match` whole
            (graph, min-cost max-flow, reasons for every match), {runs} runs after a warm-up; the baselines run in the
            same process on the same input: building the compatibility graph alone, and a greedy pass (mentees in id
            order, each to the best-scoring mentor with a place left). Run with
            `eng/bench.sh mentoring`{(quick ? " (this run: --quick, fewer runs)" : "")}.
            """);
    }

    private sealed record Scenario(string Name, int Places, int Edges, int Matched, int Score, int GreedyMatched, int GreedyScore,
        (double P50, double P95) Match, (double P50, double P95) Graph, (double P50, double P95) Greedy);

    private static Scenario Measure(string name, int seed, int[] capacities, int runs)
    {
        var random = new Random(seed);
        var mentors = Enumerable.Range(0, Mentors).Select(_ => GenerateMentor(random, capacities)).ToList();
        var mentees = Enumerable.Range(0, Mentees).Select(_ => GenerateMentee(random)).ToList();

        MentorMatching.Match(mentors, mentees); // warm-up: JIT and tiering
        var proposal = MentorMatching.Match(mentors, mentees);
        var match = Time(runs, () => MentorMatching.Match(mentors, mentees));
        var graph = CompatibilityGraph.Build(mentors, mentees);
        var graphTime = Time(runs, () => CompatibilityGraph.Build(mentors, mentees));
        var (greedyMatched, greedyScore) = Greedy(graph);
        var greedyTime = Time(runs, () => Greedy(graph));
        Console.WriteLine($"  {name}: matching p50 {match.P50:F0} ms, p95 {match.P95:F0} ms; graph alone p50 {graphTime.P50:F0} ms; " +
                          $"matched {proposal.Matches.Count:N0} (greedy {greedyMatched:N0}), fit {proposal.TotalScore:N0} (greedy {greedyScore:N0})");
        return new Scenario(name, mentors.Sum(m => m.Capacity), graph.EdgeMentor.Length, proposal.Matches.Count, proposal.TotalScore,
            greedyMatched, greedyScore, match, graphTime, greedyTime);
    }

    private static (double P50, double P95) Time(int runs, Action run)
    {
        var timings = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        double P(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];
        return (P(0.5), P(0.95));
    }

    /// <summary>Each mentee in id order takes the best-scoring mentor (lowest index on ties) who still has a place.</summary>
    private static (int Matched, int Score) Greedy(CompatibilityGraph graph)
    {
        var places = graph.Mentors.Select(m => m.Capacity).ToArray();
        var (matched, score) = (0, 0);
        for (var w = 0; w < graph.Mentees.Length; w++)
        {
            var best = -1;
            for (var e = graph.EdgeStart[w]; e < graph.EdgeStart[w + 1]; e++)
                if (places[graph.EdgeMentor[e]] > 0 && (best < 0 || graph.EdgeScore[e] > graph.EdgeScore[best])) best = e;
            if (best < 0) continue;
            places[graph.EdgeMentor[best]]--;
            matched++;
            score += graph.EdgeScore[best];
        }
        return (matched, score);
    }

    private static MentorCandidate GenerateMentor(Random random, int[] capacities)
    {
        var own = Pick(random, Professions.Select(p => p.MentorWeight));
        var supported = new HashSet<string> { Professions[own].Code };
        supported.UnionWith(Choose(random, Professions.Select(p => p.Code).ToArray(), random.Next(0, 4)));
        return new MentorCandidate(NextGuid(random), Choose(random, Methods, random.Next(2, 7)), Choose(random, Topics, random.Next(2, 6)), supported,
            capacities[random.Next(capacities.Length)], Availability(random, random.Next(3, 9)), Modes(random));
    }

    private static MenteeRequest GenerateMentee(Random random) =>
        new(NextGuid(random), Professions[Pick(random, Professions.Select(p => p.MenteeWeight))].Code, Choose(random, Topics, random.Next(1, 4)),
            Choose(random, Methods, random.Next(1, 4)), Availability(random, random.Next(2, 7)), Modes(random));

    private static HashSet<string> Availability(Random random, int slots)
    {
        var chosen = Choose(random, WeekdaySlots, slots, skew: 0);
        if (random.NextDouble() < 0.1) chosen.Add(WeekendSlots[random.Next(WeekendSlots.Length)]);
        return chosen;
    }

    private static HashSet<string> Modes(Random random) => random.NextDouble() switch
    {
        < 0.6 => ["online", "in-person"],
        < 0.9 => ["online"],
        _ => ["in-person"],
    };

    /// <summary>Distinct codes, the earlier in the list the likelier (weight 1/(rank+1)^skew).</summary>
    private static HashSet<string> Choose(Random random, string[] codes, int count, double skew = 0.8)
    {
        var weights = codes.Select((_, rank) => 1 / Math.Pow(rank + 1, skew)).ToArray();
        var chosen = new HashSet<string>();
        while (chosen.Count < Math.Min(count, codes.Length))
        {
            var i = Pick(random, weights);
            chosen.Add(codes[i]);
            weights[i] = 0;
        }
        return chosen;
    }

    private static int Pick(Random random, IEnumerable<double> weights)
    {
        var list = weights.ToList();
        var target = random.NextDouble() * list.Sum();
        for (var i = 0; i < list.Count; i++)
            if ((target -= list[i]) < 0) return i;
        return list.FindLastIndex(w => w > 0);
    }

    private static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

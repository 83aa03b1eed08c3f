using System.Diagnostics;
using MhAll.Panel.Domain.Matching;
using MhAll.Panel.Domain.Payments;

namespace MhAll.Benchmarks;

/// <summary>
/// Panel domain (in process, no servers): fair matching of one request over 2,000 members with a year of involvement
/// history, and planning a payment run over 10,000 approved claims with its finance CSV. Beside each, in the same run
/// on the same input, a plain baseline (sorting the same members by recency; sorting and de-duplicating the same
/// claims), so machine drift shows and the cost of the rules is visible.
/// </summary>
public static class PanelBenchmark
{
    private const int Members = 2_000;
    private const int Claims = 10_000;
    private static readonly string[] Areas = ["psychosis", "eating-disorders", "self-harm", "perinatal", "bipolar", "personality-disorder"];
    private static readonly string[] Skills = ["document-review", "plain-english", "interviewing", "data-interpretation"];

    private static readonly (EqualityDimension Dimension, (string Category, double Share)[] Shares)[] Population =
    [
        (EqualityDimension.EthnicGroup, [("white", 0.48), ("asian", 0.25), ("black", 0.16), ("mixed", 0.06), ("other", 0.05)]),
        (EqualityDimension.AgeBand, [("18-24", 0.12), ("25-44", 0.40), ("45-64", 0.31), ("65-plus", 0.17)]),
        (EqualityDimension.Sex, [("female", 0.51), ("male", 0.49)]),
        (EqualityDimension.Disability, [("disabled", 0.17), ("not-disabled", 0.83)]),
        (EqualityDimension.LocalAuthority, [("newham", 0.22), ("tower-hamlets", 0.20), ("hackney", 0.18), ("redbridge", 0.21), ("havering", 0.19)]),
    ];

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var runs = quick ? 20 : 200;
        Console.WriteLine($"Panel: matching over {Members:N0} members and a payment run over {Claims:N0} claims, {runs} runs each...");
        var random = new Random(2026);
        var population = new PopulationShares(Population.ToDictionary(p => p.Dimension,
            p => (IReadOnlyDictionary<string, double>)p.Shares.ToDictionary(s => s.Category, s => s.Share)));
        var today = new DateOnly(2027, 1, 4);
        var withHistory = Enumerable.Range(0, Members).Select(_ => GenerateMember(random, today)).ToList();
        var newPanel = withHistory.Select(m => m with { LastInvolved = null, InvolvementsLast12Months = 0 }).ToList();
        var request = new InvolvementRequestSpec(Guid.NewGuid(), new HashSet<string> { "psychosis", "self-harm" }, new HashSet<string>(), 8,
            InvolvementFormat.Either, [today.AddDays(21)]);
        var anyone = request with { LivedExperienceWanted = new HashSet<string>() };
        var options = new FairMatchingOptions(Seed: 2026);

        var matchHistory = Time(runs, () => FairMatching.PlanOffers(request, withHistory, population, 8, options));
        var matchNew = Time(runs, () => FairMatching.PlanOffers(anyone, newPanel, population, 8, options));
        var eligible = FairMatching.PlanOffers(request, withHistory, population, 8, options).Eligible;
        var sortBaseline = Time(runs, () => withHistory
            .OrderBy(m => m.LastInvolved.HasValue).ThenBy(m => m.LastInvolved ?? DateOnly.MinValue).ThenBy(m => m.InvolvementsLast12Months)
            .ThenBy(m => SeededOrder.Hash(m.Id, 2026)).Take(8).ToList());

        var (approved, inRuns) = GenerateClaims(random, today);
        var planTime = Time(runs, () => PaymentRunPlanner.Plan(Guid.Empty, today, approved, inRuns));
        var run = PaymentRunPlanner.Plan(Guid.Empty, today, approved, inRuns);
        var csvTime = Time(runs, () => FinanceCsv.Write(PaymentRunPlanner.Plan(Guid.Empty, today, approved, inRuns)));
        var claimBaseline = Time(runs, () =>
        {
            var seen = new HashSet<Guid>(inRuns);
            return approved.Where(c => seen.Add(c.ClaimId)).OrderBy(c => c.MemberId).ThenBy(c => c.ClaimId).ToList();
        });
        Console.WriteLine($"  matching p95 {matchHistory.P95:F2} ms (new panel {matchNew.P95:F2} ms, sort baseline {sortBaseline.P95:F2} ms); " +
                          $"payment run p95 {planTime.P95:F1} ms, with CSV {csvTime.P95:F1} ms (baseline {claimBaseline.P95:F1} ms)");

        List<(string, string, string, bool?)> rows =
        [
            ("matching: members, eligible for the request", $"{Members:N0}, {eligible:N0}", "", null),
            ("matching, a year of history: p50 (ms)", $"{matchHistory.P50:F2}", "", null),
            ("matching, a year of history: p95 (ms)", $"{matchHistory.P95:F2}", "≤ 100", matchHistory.P95 <= 100),
            ("matching, a new panel (everyone in one band, any lived experience): p50 / p95 (ms)", $"{matchNew.P50:F2} / {matchNew.P95:F2}", "≤ 100", matchNew.P95 <= 100),
            ("baseline, a plain sort of the same members by recency: p50 / p95 (ms)", $"{sortBaseline.P50:F2} / {sortBaseline.P95:F2}", "", null),
            ("payment run: claims in, lines out", $"{approved.Count:N0} in ({inRuns.Count:N0} already in runs), {run.Lines.Count:N0} lines, {run.Total}", "", null),
            ("payment run planning: p50 / p95 (ms)", $"{planTime.P50:F1} / {planTime.P95:F1}", "", null),
            ("payment run planning and finance CSV: p50 / p95 (ms)", $"{csvTime.P50:F1} / {csvTime.P95:F1}", "", null),
            ("baseline, de-duplicating and sorting the same claims: p50 / p95 (ms)", $"{claimBaseline.P50:F1} / {claimBaseline.P95:F1}", "", null),
        ];
        await results.WriteAsync("panel", "Panel benchmark", rows,
            $"""
            {Members:N0} members generated from a seed: 1–3 of {Areas.Length} lived-experience areas, 0–2 of {Skills.Length} skills, online and/or
            in person, some away on the request's date, categories drawn from local population shares in 5 dimensions; a year of
            history (0–8 involvements each, last date and 12-month count). Matching is `FairMatching.PlanOffers` for 8 offers on a
            request wanting 2 of the areas (all members scanned, rules, recency order, diversity band, reasons); "a new panel" has
            nobody involved yet, so all eligible members share one band (the most diversity work). Payment run: {Claims:N0} approved
            claims with {inRuns.Count:N0} of them already in earlier runs and some repeated in the input, planned by
            `PaymentRunPlanner.Plan`, then written by `FinanceCsv.Write`. {runs} runs each after a warm-up; the baselines run in the
            same process on the same input. Run with `eng/bench.sh panel`{(quick ? " (this run: --quick, fewer runs)" : "")}.
            """);
    }

    private static MatchCandidate GenerateMember(Random random, DateOnly today)
    {
        string Draw(EqualityDimension dimension)
        {
            var shares = Population.Single(p => p.Dimension == dimension).Shares;
            var target = random.NextDouble();
            foreach (var (category, share) in shares)
                if ((target -= share) < 0) return category;
            return shares[^1].Category;
        }
        var involvements = random.Next(0, 9);
        var dates = Enumerable.Range(0, involvements).Select(_ => today.AddDays(-random.Next(1, 366))).Order().ToList();
        var (online, inPerson) = random.NextDouble() switch { < 0.5 => (true, true), < 0.8 => (true, false), _ => (false, true) };
        var away = random.NextDouble() < 0.1 ? new[] { new DateSpan(today.AddDays(14), today.AddDays(28)) } : [];
        return new MatchCandidate(NextGuid(random), random.NextDouble() < 0.9 ? PanelMemberStatus.Active : PanelMemberStatus.Paused,
            Areas.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToHashSet(), Skills.OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToHashSet(),
            new MemberAvailability(online, inPerson, away),
            new EqualityProfile(Draw(EqualityDimension.EthnicGroup), Draw(EqualityDimension.AgeBand), Draw(EqualityDimension.Sex),
                Draw(EqualityDimension.Disability), Draw(EqualityDimension.LocalAuthority)),
            dates.Count == 0 ? null : dates[^1], dates.Count, random.NextDouble() < 0.05 ? 1 : 0);
    }

    private static (List<ApprovedClaim> Approved, HashSet<Guid> InRuns) GenerateClaims(Random random, DateOnly today)
    {
        var members = Enumerable.Range(0, 1_500).Select(_ => NextGuid(random)).ToArray();
        var approved = Enumerable.Range(0, Claims).Select(i => new ApprovedClaim(NextGuid(random), members[random.Next(members.Length)],
            i % 50 == 0 ? "=HYPERLINK(\"x\")" : "Panel Member", $"SUP-{i:00000}", today.AddDays(-random.Next(5, 60)), today.AddDays(-random.Next(0, 5)),
            new Pence(random.Next(0, 4) * 2750), random.Next(4) == 0 ? PaymentMethod.Voucher : PaymentMethod.BankTransfer,
            new Pence(random.Next(0, 3) * 450))).ToList();
        approved.AddRange(approved.Take(100)); // repeated in the input, as after a retried export
        var inRuns = approved.Take(2_000).Select(c => c.ClaimId).ToHashSet();
        return (approved, inRuns);
    }

    private static (double P50, double P95) Time<T>(int runs, Func<T> run)
    {
        run(); // warm-up: JIT and tiering
        var timings = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            GC.KeepAlive(run());
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        double P(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];
        return (P(0.5), P(0.95));
    }

    private static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

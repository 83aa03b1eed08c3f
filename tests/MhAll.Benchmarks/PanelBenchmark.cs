using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Matching;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Benchmarks;

/// <summary>
/// Panel domain (in process, no servers): fair matching of one request over 2,000 members with a year of involvement
/// history, and planning a payment run over 10,000 approved claims with its finance CSV. Beside each, in the same run
/// on the same input, a plain baseline (sorting the same members by recency; sorting and de-duplicating the same
/// claims), so machine drift shows and the cost of the rules is visible. Then the payment run through the service itself
/// (its own durable PostgreSQL): 10,000 approved claims paid by one POST, beside the same number of claim rows inserted
/// plainly in the same run.
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
        var service = await ServiceRunAsync(quick ? 1 : 3, quick ? 2_000 : Claims);
        rows.AddRange(
        [
            ($"payment run through the service (POST, {service.Claims:N0} approved claims, one transaction): median of {service.Rounds} (ms)",
                $"{service.RunMs:F0}", "", null),
            ("payment run through the service: claims paid / paid twice (from the database)", $"{service.Paid:N0} / {service.PaidTwice}",
                $"{service.Claims * service.Rounds:N0} / 0", service.Paid == service.Claims * service.Rounds && service.PaidTwice == 0),
            ("the same run asked again with its key (idempotent: the same run, nothing paid): median (ms)", $"{service.RepeatMs:F0}", "", null),
            ($"its finance CSV ({service.Claims:N0} rows): median (ms)", $"{service.CsvMs:F0}", "", null),
            ($"baseline, {service.Claims:N0} claim rows inserted plainly (one EF Core save): median (ms)", $"{service.InsertMs:F0}", "", null),
        ]);
        await results.WriteAsync("panel", "Panel benchmark", rows,
            $"""
            {Members:N0} members generated from a seed: 1–3 of {Areas.Length} lived-experience areas, 0–2 of {Skills.Length} skills, online and/or
            in person, some away on the request's date, categories drawn from local population shares in 5 dimensions; a year of
            history (0–8 involvements each, last date and 12-month count). Matching is `FairMatching.PlanOffers` for 8 offers on a
            request wanting 2 of the areas (all members scanned, rules, recency order, diversity band, reasons); "a new panel" has
            nobody involved yet, so all eligible members share one band (the most diversity work). Payment run: {Claims:N0} approved
            claims with {inRuns.Count:N0} of them already in earlier runs and some repeated in the input, planned by
            `PaymentRunPlanner.Plan`, then written by `FinanceCsv.Write`. {runs} runs each after a warm-up; the baselines run in the
            same process on the same input. The service rows: the Panel service in process on a durable PostgreSQL of its own;
            each round inserts {service.Claims:N0} approved claims (1,500 members, their involvements) straight into its database, the
            claims' save timed as the baseline, then one coordinator POST /api/panel/payment-runs pays them all (plan, 10,000
            payment rows keyed by claim, claims marked paid, in one transaction under the run lock), the same key is asked again,
            and the CSV is fetched; {service.Rounds} rounds, medians. Run with `eng/bench.sh panel`{(quick ? " (this run: --quick, fewer runs)" : "")}.
            """);
    }

    private sealed record ServiceFigures(int Claims, int Rounds, double RunMs, double RepeatMs, double CsvMs, double InsertMs, int Paid, int PaidTwice);

    /// <summary>Payment runs through the service on its own durable database, each over a fresh batch of approved claims.</summary>
    private static async Task<ServiceFigures> ServiceRunAsync(int rounds, int claims)
    {
        Console.WriteLine("Starting PostgreSQL (durable) and RabbitMQ for Panel...");
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var rabbit = await RabbitMqServer.StartAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MHALL_PANEL", Path.Combine(RepositoryPaths.Root, "services", "Panel"));
        var connectionString = await postgres.CreateDatabaseAsync("bench_panel");
        await using var app = new ServiceApp<PanelDbContext>(ResourceNames.Panel, connectionString, rabbit.ConnectionString);
        var coordinator = app.ClientAs(Roles.Coordinator);
        (await coordinator.GetAsync("/api/panel/payments/rates")).EnsureSuccessStatusCode(); // warm-up: migrated, JIT
        var random = new Random(2026);
        List<double> run = [], repeat = [], csv = [], insert = [];
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1}: {claims:N0} approved claims...");
            var inserted = await app.WithDbAsync(db => SeedApprovedClaimsAsync(db, random, claims));
            insert.Add(inserted);
            var key = $"bench-{round}";
            var clock = Stopwatch.StartNew();
            var created = await coordinator.PostAsJsonAsync("/api/panel/payment-runs", new { idempotencyKey = key });
            run.Add(clock.Elapsed.TotalMilliseconds);
            if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"payment run: {(int)created.StatusCode}");
            var runId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            clock.Restart();
            (await coordinator.PostAsJsonAsync("/api/panel/payment-runs", new { idempotencyKey = key })).EnsureSuccessStatusCode();
            repeat.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await (await coordinator.GetAsync($"/api/panel/payment-runs/{runId}/csv")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            csv.Add(clock.Elapsed.TotalMilliseconds);
        }
        var (paid, paidTwice) = await app.WithDbAsync(async db => (await db.Payments.CountAsync(),
            await db.Claims.CountAsync(c => c.Status == ClaimStatuses.Paid && db.Payments.Count(p => p.ClaimId == c.Id) != 1)));
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine($"  service payment run median {Median(run):F0} ms (baseline insert {Median(insert):F0} ms), repeat {Median(repeat):F0} ms, CSV {Median(csv):F0} ms");
        return new ServiceFigures(claims, rounds, Median(run), Median(repeat), Median(csv), Median(insert), paid, paidTwice);
    }

    /// <summary>Members, a request, involvements and approved claims straight into the database; returns the milliseconds the claims' save took.</summary>
    private static async Task<double> SeedApprovedClaimsAsync(PanelDbContext db, Random random, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var members = Enumerable.Range(0, 1_500).Select(i => new PanelMember
        {
            Id = Guid.CreateVersion7(), SubjectId = Guid.NewGuid().ToString(), Name = i % 50 == 0 ? "=HYPERLINK(\"x\")" : "Panel Member",
            Status = MemberStatuses.Active, PaymentPreference = MhAll.Panel.Domain.PaymentPreference.Paid, AppliedAt = now, ChangedAt = now,
        }).ToList();
        // A member is offered a request once: one request per 1,500 involvements.
        var requests = Enumerable.Range(0, (count + members.Count - 1) / members.Count).Select(_ => new InvolvementRequest
        {
            Id = Guid.CreateVersion7(), OwnerSubjectId = "bench", Type = InvolvementTypes.DocumentReview, Title = "Benchmark", Description = "Benchmark.",
            Status = RequestStatuses.Accepted, Source = RequestSources.Researcher, SubmittedAt = now, ChangedAt = now, ActivityType = "document-review",
            RateCategory = RateCategories.Hourly,
        }).ToList();
        db.Members.AddRange(members);
        db.InvolvementRequests.AddRange(requests);
        var offers = Enumerable.Range(0, count).Select(i => new Offer
        {
            Id = Guid.CreateVersion7(), RequestId = requests[i / members.Count].Id, MemberId = members[i % members.Count].Id, Rank = 1, MadeAt = now,
            ExpiresAt = now, Status = OfferStatuses.Accepted, ClosedAt = now,
        }).ToList();
        db.Offers.AddRange(offers);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var claims = offers.Select(o =>
        {
            var hours = random.Next(1, 5);
            var miles = random.Next(0, 3) * 10;
            return new PaymentClaim
            {
                Id = Guid.CreateVersion7(), OfferId = o.Id, MemberId = o.MemberId, RequestId = o.RequestId, ActivityDate = today.AddDays(-random.Next(5, 60)),
                RateCategory = RateCategories.Hourly, RateEffectiveFrom = RateTable.NihrUplift2025, RateAmountPence = 2750, RateUnit = PaymentCodes.PerHour,
                AttendanceMinutes = hours * 60, Miles = miles, MileagePencePerMile = 45, FeePence = hours * 2750, FeeMethod = "bank-transfer",
                ExpensesPence = miles * 45, Lines = [$"{hours} h at £27.50 an hour"], Status = ClaimStatuses.Approved, SubmittedAt = now,
                DecidedBy = "bench", DecidedAt = now, ApprovedOn = today,
            };
        }).ToList();
        db.Claims.AddRange(claims);
        var clock = Stopwatch.StartNew();
        await db.SaveChangesAsync();
        return clock.Elapsed.TotalMilliseconds;
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

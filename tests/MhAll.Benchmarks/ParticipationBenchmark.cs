using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace MhAll.Benchmarks;

/// <summary>
/// Participation over a register of 1,000,000 generated volunteers on durable PostgreSQL: feasibility counts and
/// matching a batch of 200, through the real endpoints in process (authentication, validation, JSON included).
/// </summary>
public static class ParticipationBenchmark
{
    /// <summary>Criteria of the kinds studies set, from broad (one ICB, adults) to narrow (one borough, a condition, a language).</summary>
    private static readonly object[] Criteria =
    [
        new { icbs = new[] { "E54000029" } },
        new { localAuthorities = new[] { "E09000030" }, minAge = 18, maxAge = 35 },
        new { localAuthorities = new[] { "E09000025", "E09000012" }, conditions = new[] { "depression", "anxiety" } },
        new { icbs = new[] { "essex-2026" }, imdDeciles = new[] { 1, 2 }, relationships = new[] { "lived-experience" } },
        new { ethnicGroups = new[] { "black-african", "black-caribbean" }, minAge = 25, maxAge = 64 },
        new { localAuthorities = new[] { "E09000030" }, languages = new[] { "bn" }, sexes = new[] { "female" } },
        new { conditions = new[] { "psychosis", "bipolar" }, minAge = 18 },
        new { localAuthorities = new[] { "E06000034" }, relationships = new[] { "carer" } },
    ];

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var register = quick ? 100_000 : 1_000_000;
        var requests = quick ? 100 : 400;

        Console.WriteLine("Starting PostgreSQL (durable) and RabbitMQ for Participation...");
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var rabbit = await RabbitMqServer.StartAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MHALL_PARTICIPATION", Path.Combine(RepositoryPaths.Root, "services", "Participation"));
        var connectionString = await postgres.CreateDatabaseAsync("bench_participation");
        await using var app = new ServiceApp<ParticipationDbContext>(ResourceNames.Participation, connectionString, rabbit.ConnectionString);
        var researcher = app.ClientAs(Roles.Researcher);
        (await researcher.GetAsync("/api/participation/consent")).EnsureSuccessStatusCode(); // migrated and seeded

        Console.WriteLine($"  generating {register:N0} volunteers...");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var generator = await VolunteerGenerator.LoadAsync(connection, seed: 2026);
        var generation = await generator.WriteAsync(connection, register, DateTime.UtcNow.Year);
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE volunteers", connection) { CommandTimeout = 600 }) await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"  generated in {generation.TotalSeconds:F1} s ({register / generation.TotalSeconds:F0} volunteers/s)");
        // The service's register index picks the new rows up within a second or two (it polls for changes).
        var everyone = new { criteria = new { minAge = 18 } };
        var indexed = Stopwatch.StartNew();
        while ((await (await app.ClientAs(Roles.Coordinator).PostAsJsonAsync("/api/participation/feasibility", everyone)).Content.ReadFromJsonAsync<JsonElement>())
               .GetProperty("rawCount").GetInt32() < register * 0.9)
            await Task.Delay(200);
        Console.WriteLine($"  register index caught up {indexed.Elapsed.TotalSeconds:F1} s after the load");

        var feasibility = await Latency.MeasureAsync(requests, i => researcher.PostAsJsonAsync("/api/participation/feasibility", new { criteria = Criteria[i % Criteria.Length] }));
        Console.WriteLine($"  feasibility: p50 {feasibility.P50:F1} ms, p95 {feasibility.P95:F1} ms");

        // Studies with the same kinds of criteria, approved, each having invited 2,000 already (the cap and
        // "not yet invited" have something to check).
        var coordinator = app.ClientAs(Roles.Coordinator);
        var studies = new List<Guid>();
        foreach (var criteria in Criteria)
        {
            var created = await researcher.PostAsJsonAsync("/api/participation/studies", new
            {
                title = "Benchmark study", laySummary = "A study used to measure matching.", sponsor = "MH-ALL", sites = new[] { "Site" },
                boroughs = new[] { "E09000030", "E09000025", "E06000034" }, eligibility = criteria, recruitmentTarget = 500,
            });
            var id = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await coordinator.PostAsJsonAsync($"/api/participation/studies/{id}/status", new { status = "active" })).EnsureSuccessStatusCode();
            for (var batch = 0; batch < 4; batch++)
            {
                var proposed = await researcher.PostAsJsonAsync($"/api/participation/studies/{id}/matches", new { size = 500 });
                if (proposed.StatusCode == System.Net.HttpStatusCode.Conflict) break; // too few left to propose
                var proposal = await proposed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                (await researcher.PostAsJsonAsync($"/api/participation/studies/{id}/invitations", new { proposalId = proposal.GetProperty("id").GetGuid() }))
                    .EnsureSuccessStatusCode();
            }
            studies.Add(id);
        }
        var matching = await Latency.MeasureAsync(requests, i =>
            researcher.PostAsJsonAsync($"/api/participation/studies/{studies[i % studies.Count]}/matches", new { size = 200 }));
        Console.WriteLine($"  matching 200: p50 {matching.P50:F1} ms, p95 {matching.P95:F1} ms");

        await results.WriteAsync("participation", "Participation benchmark",
        [
            ($"volunteers generated and written (COPY) per second", $"{register / generation.TotalSeconds:F0}", "", null),
            ($"feasibility count p50 over {register:N0} volunteers (ms)", $"{feasibility.P50:F1}", "", null),
            ($"feasibility count p95 over {register:N0} volunteers (ms)", $"{feasibility.P95:F1}", "≤ 50", feasibility.P95 <= 50),
            ($"matching a batch of 200 p50 over {register:N0} volunteers (ms)", $"{matching.P50:F1}", "", null),
            ($"matching a batch of 200 p95 over {register:N0} volunteers (ms)", $"{matching.P95:F1}", "≤ 100", matching.P95 <= 100),
        ],
        $"""
        {register:N0} volunteers generated by `VolunteerGenerator` (local authority by adult population; sex, age band and
        ethnic group from that authority's Census 2021 tables; a real postcode of the authority, hence LSOA and IMD decile;
        programme-like relationships, conditions, languages and channels; 3% withdrawn) on durable PostgreSQL, then
        VACUUM ANALYZE. Requests go through the real endpoints in process (authentication, validation, disclosure
        control, JSON), {requests:N0} of each, cycling over {Criteria.Length} sets of criteria from broad (an ICB) to
        narrow (a borough, a language, a sex). Matching runs against {Criteria.Length} approved studies with those
        criteria, each of which has already invited up to 2,000 volunteers; each proposal draws its own seed and is stored. Run with
        `eng/bench.sh participation`{(quick ? " (this run: --quick, smaller samples)" : "")}.
        """);
    }
}

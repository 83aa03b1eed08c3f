using System.Diagnostics;
using System.Net.Http.Headers;
using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MhAll.Benchmarks;

/// <summary>
/// Learning on real PostgreSQL (durable) and RabbitMQ: how fast its consumer takes registrations, and how fast the
/// representation report answers over a register of 1,000,000 volunteers (from the read model's counts).
/// </summary>
public static class LearningBenchmark
{
    private static readonly string[] Areas = ["E09000030", "E09000025", "E09000012", "E06000034", "E07000070", "E07000071", "E09000026", "E06000033"];
    private static readonly string[] EthnicGroups = ["white-british", "white-other", "asian-bangladeshi", "asian-indian", "asian-pakistani", "black-african",
        "black-caribbean", "mixed-white-asian", "other-any", "prefer-not-to-say"];
    private static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var events = quick ? 5_000 : 20_000;
        var register = quick ? 200_000 : 1_000_000;
        var requests = quick ? 200 : 1_000;

        Console.WriteLine("Starting PostgreSQL (durable) and RabbitMQ for Learning...");
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var rabbit = await RabbitMqServer.StartAsync();
        // Where WebApplicationFactory finds the service's content root outside a test project.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MHALL_LEARNING", Path.Combine(RepositoryPaths.Root, "services", "Learning"));
        await using var learning = new ServiceApp<LearningDbContext>(ResourceNames.Learning, await postgres.CreateDatabaseAsync("bench_learning"),
            rabbit.ConnectionString);
        var client = learning.ClientAs(Roles.Researcher);
        (await client.GetAsync("/api/learning/representation")).EnsureSuccessStatusCode(); // migrated and seeded

        var consumed = await ConsumptionRateAsync(learning, events);
        Console.WriteLine($"  consumption: {consumed:F0} registrations/s");

        await LoadRegisterAsync(learning, register);
        var queries = new[] { "dimension=ethnic-group", "area=E09000030&dimension=ethnic-group", "area=E54000029&dimension=age-band",
            "dimension=imd-quintile", "area=E06000034&dimension=sex", "dimension=ethnic-group-broad" };
        var (p50, p95) = await Latency.MeasureAsync(requests, i => client.GetAsync($"/api/learning/representation?{queries[i % queries.Length]}"), warmUp: 50);
        Console.WriteLine($"  representation over {register:N0}: p50 {p50:F2} ms, p95 {p95:F2} ms");

        await results.WriteAsync("learning", "Learning benchmark",
        [
            ("registrations consumed from RabbitMQ into the read model (events/s)", $"{consumed:F0}", "≥ 1000", consumed >= 1000),
            ($"representation report p50 over {register:N0} registered volunteers (ms)", $"{p50:F2}", "", null),
            ($"representation report p95 over {register:N0} registered volunteers (ms)", $"{p95:F2}", "≤ 20", p95 <= 20),
        ],
        $"""
        Consumption: {events:N0} VolunteerRegistered events published to RabbitMQ and consumed by Learning's real consumer
        (inbox row, volunteer row and sharded counts in one transaction, fsync on), timed from the first publish to the last
        commit. Reports: {requests:N0} requests in process (authentication, disclosure control, Wilson intervals, JSON)
        cycling over six area and dimension combinations, after {register:N0} registrations were loaded straight into the
        read model. Run with `eng/bench.sh learning`{(quick ? " (this run: --quick, smaller samples)" : "")}.
        """);
    }

    private static async Task<double> ConsumptionRateAsync(ServiceApp<LearningDbContext> learning, int events)
    {
        var bus = learning.Services.GetRequiredService<IBus>();
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < events; sent += 500)
            await Task.WhenAll(Enumerable.Range(0, Math.Min(500, events - sent)).Select(_ => bus.Publish(RandomRegistration(random))));
        while (await learning.WithDbAsync(db => db.RegisteredVolunteers.CountAsync()) < events) await Task.Delay(50);
        return events / clock.Elapsed.TotalSeconds;
    }

    private static VolunteerRegistered RandomRegistration(Random random) => new(
        Guid.NewGuid(), DateTimeOffset.UtcNow, AgeBands[random.Next(AgeBands.Length)], EthnicGroups[random.Next(EthnicGroups.Length)],
        random.Next(2) == 0 ? "female" : "male", Areas[random.Next(Areas.Length)], random.Next(1, 11));

    /// <summary>Adds registrations in bulk, with their counts, as the consumer would have left them.</summary>
    private static async Task LoadRegisterAsync(ServiceApp<LearningDbContext> learning, int volunteers)
    {
        Console.WriteLine($"  loading {volunteers:N0} registrations...");
        await using var connection = new NpgsqlConnection(learning.ConnectionString);
        await connection.OpenAsync();
        var areas = string.Join(",", Areas.Select(a => $"'{a}'"));
        var groups = string.Join(",", EthnicGroups.Select(g => $"'{g}'"));
        var bands = string.Join(",", AgeBands.Select(b => $"'{b}'"));
        await using var load = new NpgsqlCommand($"""
            CREATE TEMP TABLE generated AS
              SELECT gen_random_uuid() AS id,
                     (ARRAY[{areas}])[1 + floor(random() * {Areas.Length})::int] AS area,
                     (ARRAY[{groups}])[1 + floor(random() * {EthnicGroups.Length})::int] AS ethnic_group,
                     (ARRAY[{bands}])[1 + floor(random() * {AgeBands.Length})::int] AS age_band,
                     CASE WHEN random() < 0.5 THEN 'female' ELSE 'male' END AS sex,
                     1 + floor(random() * 10)::int AS imd_decile
              FROM generate_series(1, {volunteers});
            INSERT INTO registered_volunteers (volunteer_id, registered_at, categories_as_of, age_band, ethnic_group, sex, local_authority_code, imd_decile)
              SELECT id, now(), now(), age_band, ethnic_group, sex, area, imd_decile FROM generated;
            INSERT INTO registration_counts (dimension, area_code, "group", shard, count)
              SELECT d.dimension, g.area, d.grp, (abs(hashtext(g.id::text)) % {RegistrationCount.Shards})::smallint, count(*)
              FROM generated g CROSS JOIN LATERAL (VALUES ('ethnic-group', g.ethnic_group), ('age-band', g.age_band), ('sex', g.sex),
                                                         ('imd-decile', g.imd_decile::text)) AS d(dimension, grp)
              GROUP BY 1, 2, 3, 4
            ON CONFLICT (dimension, area_code, "group", shard) DO UPDATE SET count = registration_counts.count + excluded.count;
            ANALYZE registered_volunteers; ANALYZE registration_counts;
            """, connection) { CommandTimeout = 600 };
        await load.ExecuteNonQueryAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Benchmarks;

/// <summary>
/// Enrolment under contention (Training): 1,000 members of staff ask at once for places on 10 sessions of 50, through
/// the real endpoint in process on durable PostgreSQL. Beside it, in the same run, the same 1,000 at once each on a
/// session of their own (no contention), so the cost of the session lock shows apart from the machine.
/// </summary>
public static class TrainingBenchmark
{
    private const int Capacity = 50;
    private const int ContendedSessions = 10;

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var staffCount = quick ? 200 : 1_000;
        Console.WriteLine("Starting PostgreSQL (durable) and RabbitMQ for Training...");
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var rabbit = await RabbitMqServer.StartAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MHALL_TRAINING", Path.Combine(RepositoryPaths.Root, "services", "Training"));
        var connectionString = await postgres.CreateDatabaseAsync("bench_training");
        await using var app = new ServiceApp<TrainingDbContext>(ResourceNames.Training, connectionString, rabbit.ConnectionString);
        var coordinator = app.ClientAs(Roles.Coordinator);

        Console.WriteLine($"  creating {staffCount:N0} staff profiles and {ContendedSessions + staffCount:N0} sessions...");
        var organisation = await IdAsync(coordinator.PostAsJsonAsync("/api/training/organisations",
            new { name = "East London NHS Foundation Trust", type = "nhs-trust", icbCode = "E54000029", headcount = 5000 }));
        var course = await IdAsync(coordinator.PostAsJsonAsync("/api/training/courses", new
        {
            title = "Research in everyday practice", summary = "What research is, and how practice and research feed each other.",
            level = "entry", format = "online", durationMinutes = 180, tags = Array.Empty<string>(), prerequisites = Array.Empty<Guid>(),
        }));
        var staff = new HttpClient[staffCount];
        await Parallel.ForAsync(0, staffCount, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            staff[i] = app.ClientAs(Roles.Staff);
            await IdAsync(staff[i].PostAsJsonAsync("/api/training/profiles",
                new { name = "Benchmark Staff", profession = i % 3 == 0 ? "peer-support" : "nursing", organisationId = organisation }));
        });
        var sessions = new Guid[ContendedSessions + staffCount];
        var starts = DateTimeOffset.UtcNow.AddDays(30);
        await Parallel.ForAsync(0, sessions.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            sessions[i] = await IdAsync(coordinator.PostAsJsonAsync($"/api/training/courses/{course}/sessions", new
            {
                startsAt = starts, endsAt = starts.AddHours(3), onlineLink = "https://meet.example.org/academy", capacity = Capacity,
                priorityReleaseAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            })));
        (await staff[0].GetAsync($"/api/training/sessions/{sessions[0]}")).EnsureSuccessStatusCode(); // warm-up

        var contended = await EnrolAllAsync(staff, i => sessions[i % ContendedSessions]);
        var uncontended = await EnrolAllAsync(staff, i => sessions[ContendedSessions + i]);
        var held = await app.WithDbAsync(db => db.Enrolments.Where(e => sessions.Take(ContendedSessions).Contains(e.SessionId))
            .GroupBy(e => new { e.SessionId, e.Status }).Select(g => new { g.Key.SessionId, g.Key.Status, Count = g.Count() }).ToListAsync());
        var booked = held.Where(h => h.Status == EnrolmentStatuses.Booked).ToList();
        var overbooked = booked.Sum(h => Math.Max(0, h.Count - Capacity));
        var waitlisted = held.Where(h => h.Status == EnrolmentStatuses.Waitlisted).Sum(h => h.Count);
        Console.WriteLine($"  contended: {contended.PerSecond:F0}/s, p50 {contended.P50:F0} ms, p95 {contended.P95:F0} ms; " +
                          $"booked {booked.Sum(h => h.Count)}, waitlisted {waitlisted}, overbooked {overbooked}");
        Console.WriteLine($"  uncontended: {uncontended.PerSecond:F0}/s, p50 {uncontended.P50:F0} ms, p95 {uncontended.P95:F0} ms");

        await results.WriteAsync("training", "Training enrolment benchmark",
        [
            ($"{staffCount:N0} enrolments at once over {ContendedSessions} sessions of {Capacity}: throughput (enrolments/s)", $"{contended.PerSecond:F0}", "", null),
            ("contended: latency p50 / p95 (ms)", $"{contended.P50:F0} / {contended.P95:F0}", "", null),
            ("contended: booked / waitlisted (from the database)", $"{booked.Sum(h => h.Count)} / {waitlisted}", $"{Math.Min(staffCount, ContendedSessions * Capacity)} / {Math.Max(0, staffCount - ContendedSessions * Capacity)}",
                booked.Sum(h => h.Count) == Math.Min(staffCount, ContendedSessions * Capacity)),
            ("contended: places overbooked (from the database)", $"{overbooked}", "0", overbooked == 0),
            ($"baseline, {staffCount:N0} enrolments at once each on its own session: throughput (enrolments/s)", $"{uncontended.PerSecond:F0}", "", null),
            ("baseline: latency p50 / p95 (ms)", $"{uncontended.P50:F0} / {uncontended.P95:F0}", "", null),
        ],
            $"""
            {staffCount:N0} members of staff with profiles (a third in an under-served group), one course, {ContendedSessions} sessions of {Capacity}
            places (priority places already released) and {staffCount:N0} more for the baseline, all made through the API. Every member of staff
            then asks for a place at the same moment (`POST /api/training/sessions/<id>/enrolments`, all requests started together;
            in process, authentication and JSON included, durable PostgreSQL): contended, {staffCount / ContendedSessions} to a session, so each
            session's row lock serialises them; the baseline, the same people each on a session of their own. Throughput is
            enrolments over the wall time of the whole burst; latency is each request's, queueing included. Booked, waitlisted
            and overbooked are counted from the database afterwards. Run with `eng/bench.sh training`{(quick ? " (this run: --quick, 200 staff)" : "")}.
            """);
    }

    private static async Task<(double PerSecond, double P50, double P95)> EnrolAllAsync(HttpClient[] staff, Func<int, Guid> sessionOf)
    {
        var wall = Stopwatch.StartNew();
        var timings = await Task.WhenAll(staff.Select(async (client, i) =>
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync($"/api/training/sessions/{sessionOf(i)}/enrolments", null);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Enrolment answered {(int)response.StatusCode}.");
            return clock.Elapsed.TotalMilliseconds;
        }));
        var seconds = wall.Elapsed.TotalSeconds;
        Array.Sort(timings);
        double P(double p) => timings[Math.Min(timings.Length - 1, (int)Math.Ceiling(p * timings.Length) - 1)];
        return (staff.Length / seconds, P(0.5), P(0.95));
    }

    private static async Task<Guid> IdAsync(Task<HttpResponseMessage> request) =>
        (await (await request).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

using System.Collections.Concurrent;
using System.Diagnostics;
using MhAll.Messaging.Outbox;
using MhAll.Testing;
using MhAll.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace MhAll.Benchmarks;

/// <summary>
/// The messaging backbone measured against its own baseline on the same machine, in the same run:
/// relay throughput against raw confirmed batch publishing, commit-to-consumer latency at half the relay's
/// maximum rate, and write throughput with an outbox event against the same write without one.
/// PostgreSQL runs durable (fsync and synchronous commit on), as in production.
/// </summary>
public static class MessagingBenchmark
{
    private const int Repeats = 3;
    private const int Window = 256; // confirms outstanding in the raw baseline, as in the shared anchors

    public static async Task RunAsync(ResultsFile results, bool quick)
    {
        var messages = quick ? 5_000 : 20_000;
        var latencySeconds = quick ? 5 : 15;
        var writeSeconds = quick ? 3 : 8;

        Console.WriteLine("Starting PostgreSQL (durable) and RabbitMQ...");
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var rabbit = await RabbitMqServer.StartAsync();

        var raw = new List<double>();
        var massTransit = new List<double>();
        var relay = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            raw.Add(await RawConfirmedPublishRateAsync(rabbit, messages));
            massTransit.Add(await MassTransitPublishRateAsync(postgres, rabbit, messages));
            relay.Add(await RelayRateAsync(postgres, rabbit, messages));
            Console.WriteLine($"  round {i + 1}: raw {raw[^1]:F0}/s, MassTransit alone {massTransit[^1]:F0}/s, relay {relay[^1]:F0}/s");
        }
        var rawRate = Median(raw);
        var massTransitRate = Median(massTransit);
        var relayRate = Median(relay);

        var endToEnd = await EndToEndRateAsync(postgres, rabbit, messages / 2);
        Console.WriteLine($"  end to end (write, relay, consume): {endToEnd:F0}/s");
        var (p50, p99, achieved) = await LatencyAsync(postgres, rabbit, endToEnd / 2, TimeSpan.FromSeconds(latencySeconds));
        Console.WriteLine($"  latency at {achieved:F0}/s: p50 {p50:F1} ms, p99 {p99:F1} ms");

        var with = new List<double>();
        var without = new List<double>();
        var withPlainRow = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            without.Add(await WriteRateAsync(postgres, rabbit, Extra.Nothing, TimeSpan.FromSeconds(writeSeconds)));
            with.Add(await WriteRateAsync(postgres, rabbit, Extra.OutboxEvent, TimeSpan.FromSeconds(writeSeconds)));
            withPlainRow.Add(await WriteRateAsync(postgres, rabbit, Extra.PlainRow, TimeSpan.FromSeconds(writeSeconds)));
            Console.WriteLine($"  round {i + 1}: writes {without[^1]:F0}/s alone, {with[^1]:F0}/s with an event, {withPlainRow[^1]:F0}/s with a plain second row");
        }
        var writeRatio = Median(with) / Median(without);

        await results.WriteAsync("messaging", "Messaging backbone benchmark",
        [
            ("raw RabbitMQ.Client publish, durable queue, confirms, 256 outstanding (msg/s)", $"{rawRate:F0}", "baseline", null),
            ("outbox relay: committed rows → broker confirmed and marked sent (msg/s)", $"{relayRate:F0}", "", null),
            ("relay / raw", $"{relayRate / rawRate:F2}", "≥ 0.60", relayRate / rawRate >= 0.6),
            ("MassTransit publish alone, same window and confirms, no database (msg/s)", $"{massTransitRate:F0}", "", null),
            ("relay / MassTransit alone: the outbox's own cost", $"{relayRate / massTransitRate:F2}", "", null),
            ("end to end: 8 writers → relay → inbox consumer, sustained (events/s)", $"{endToEnd:F0}", "", null),
            ($"commit → consumer latency p50 at {achieved:F0} events/s (ms)", $"{p50:F1}", "", null),
            ($"commit → consumer latency p99 at {achieved:F0} events/s (ms)", $"{p99:F1}", "≤ 50", p99 <= 50),
            ("writes/s without an event (8 writers)", $"{Median(without):F0}", "baseline", null),
            ("writes/s with one outbox event (8 writers)", $"{Median(with):F0}", "", null),
            ("with / without", $"{writeRatio:F2}", "≥ 0.85", writeRatio >= 0.85),
            ("writes/s with a plain second row instead of the event (8 writers)", $"{Median(withPlainRow):F0}", "", null),
            ("with an event / with a plain second row: the event's own cost", $"{Median(with) / Median(withPlainRow):F2}", "", null),
        ],
        $"""
        Medians of {Repeats} rounds of {messages:N0} messages. Latency over {latencySeconds} s at half the maximum rate, where the
        maximum is the sustained end-to-end rate of the whole path (8 writers committing 1 event per transaction, the relay,
        and a real inbox consumer writing an effect row per event), measured just before; the relay alone is faster than
        the consumer, so half of the relay's rate would be an overload, not a latency. Write rates over {writeSeconds} s.
        Raw messages are 512-byte bodies; relayed messages are MassTransit JSON envelopes (about 1 KB).
        The write comparisons run with the relay off, so they measure the cost of the event row and its commit wake-up alone.
        The baseline write is one row, which PostgreSQL commits without an explicit transaction; any second row (an event
        or not) makes it a two-statement transaction, hence the third write.
        Run with `eng/bench.sh`{(quick ? " (this run: --quick, smaller samples)" : "")}.
        """);
    }

    /// <summary>RabbitMQ.Client 7 alone: publish to a durable queue with confirms, a window of 256 at a time.</summary>
    private static async Task<double> RawConfirmedPublishRateAsync(RabbitMqServer rabbit, int messages)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(Window * 2, throttlingPercentage: null)));
        var queue = "bench-raw-" + Guid.NewGuid().ToString("N")[..8];
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        var body = new byte[512];
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };

        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < messages; sent += Window)
        {
            var batch = Enumerable.Range(0, Math.Min(Window, messages - sent))
                .Select(_ => channel.BasicPublishAsync("", queue, mandatory: false, properties, body).AsTask());
            await Task.WhenAll(batch);
        }
        var rate = messages / clock.Elapsed.TotalSeconds;
        await channel.QueueDeleteAsync(queue);
        return rate;
    }

    /// <summary>The relay's publishing path without the database: MassTransit publishing with confirms, 500 at a time.</summary>
    private static async Task<double> MassTransitPublishRateAsync(PostgresServer postgres, RabbitMqServer rabbit, int messages)
    {
        var database = await postgres.CreateDatabaseAsync("bench_mt");
        var run = new TestRun(Guid.NewGuid());
        await using var app = await ProbeApp.StartAsync("bench-mt", database, rabbit.ConnectionString, run, relay: false, consume: false);
        var sink = await BindSinkQueueAsync(rabbit);
        var bus = app.Services.GetRequiredService<MassTransit.IBus>();
        const int window = 500;
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < messages; sent += window)
            await Task.WhenAll(Enumerable.Range(sent, Math.Min(window, messages - sent))
                .Select(i => bus.Publish(new WorkItemRecorded(run.Id, Guid.NewGuid(), i))));
        var rate = messages / clock.Elapsed.TotalSeconds;
        await DeleteQueueAsync(rabbit, sink);
        return rate;
    }

    /// <summary>Fills an outbox with the relay off, then times a relay (no consumer) draining it into a durable queue.</summary>
    private static async Task<double> RelayRateAsync(PostgresServer postgres, RabbitMqServer rabbit, int messages)
    {
        var database = await postgres.CreateDatabaseAsync("bench_relay");
        var run = new TestRun(Guid.NewGuid());
        await using (var filler = await ProbeApp.StartAsync("bench-relay", database, rabbit.ConnectionString, run, relay: false, consume: false))
        {
            for (var written = 0; written < messages; written += 1000)
                await filler.WithDbAsync(db =>
                {
                    for (var i = 0; i < Math.Min(1000, messages - written); i++)
                        db.Publish(new WorkItemRecorded(run.Id, Guid.NewGuid(), written + i));
                    return db.SaveChangesAsync();
                });
        }
        var sink = await BindSinkQueueAsync(rabbit);

        await using var relay = await ProbeApp.StartAsync("bench-relay", database, rabbit.ConnectionString, run, relay: true, consume: false);
        long firstSentAt = 0, sentAtStart = 0;
        while (true)
        {
            var sent = await relay.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt != null));
            if (sent > 0 && firstSentAt == 0) (firstSentAt, sentAtStart) = (Stopwatch.GetTimestamp(), sent);
            if (sent == messages) break;
            await Task.Delay(20);
        }
        var elapsed = Stopwatch.GetElapsedTime(firstSentAt);
        await DeleteQueueAsync(rabbit, sink);
        return (messages - sentAtStart) / elapsed.TotalSeconds;
    }

    /// <summary>8 writers commit events as fast as they can; the rate at which the consumer finishes them all.</summary>
    private static async Task<double> EndToEndRateAsync(PostgresServer postgres, RabbitMqServer rabbit, int messages)
    {
        var database = await postgres.CreateDatabaseAsync("bench_e2e");
        var handled = 0;
        var run = new TestRun(Guid.NewGuid()) { Handled = _ => Interlocked.Increment(ref handled) };
        await using var app = await ProbeApp.StartAsync("bench-e2e", database, rabbit.ConnectionString, run);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < messages)
                await app.WithDbAsync(db =>
                {
                    db.Publish(new WorkItemRecorded(run.Id, Guid.NewGuid(), 0));
                    return db.SaveChangesAsync();
                });
        }));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (Volatile.Read(ref handled) < messages && DateTime.UtcNow < deadline) await Task.Delay(5);
        return Volatile.Read(ref handled) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Writers commit one event each at a steady rate; the consumer notes when each arrives.</summary>
    private static async Task<(double P50, double P99, double Achieved)> LatencyAsync(PostgresServer postgres, RabbitMqServer rabbit, double rate, TimeSpan duration)
    {
        var database = await postgres.CreateDatabaseAsync("bench_latency");
        var committed = new ConcurrentDictionary<Guid, long>();
        var latencies = new ConcurrentBag<double>();
        var run = new TestRun(Guid.NewGuid())
        {
            Handled = id =>
            {
                var now = Stopwatch.GetTimestamp();
                if (committed.TryGetValue(id, out var at)) latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            },
        };
        await using var app = await ProbeApp.StartAsync("bench-latency", database, rabbit.ConnectionString, run);
        const int writers = 8;
        var interval = TimeSpan.FromSeconds(writers / rate);
        var warmUp = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        var total = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var next = TimeSpan.FromTicks(interval.Ticks * w / writers);
            while (next < duration + warmUp)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var measure = clock.Elapsed >= warmUp;
                var row = await app.WithDbAsync(async db =>
                {
                    var message = db.Publish(new WorkItemRecorded(run.Id, Guid.NewGuid(), 0));
                    await db.SaveChangesAsync();
                    return message;
                });
                if (measure)
                {
                    committed[row.Id] = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref total);
                }
                next += interval;
            }
        }));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (latencies.Count < total && DateTime.UtcNow < deadline) await Task.Delay(50);
        var sorted = latencies.Order().ToArray();
        return (Percentile(sorted, 0.50), Percentile(sorted, 0.99), total / duration.TotalSeconds);
    }

    private enum Extra { Nothing, OutboxEvent, PlainRow }

    /// <summary>8 writers inserting a request, alone or with one more row in the same transaction.</summary>
    private static async Task<double> WriteRateAsync(PostgresServer postgres, RabbitMqServer rabbit, Extra extra, TimeSpan duration)
    {
        var database = await postgres.CreateDatabaseAsync("bench_write");
        var run = new TestRun(Guid.NewGuid());
        await using var app = await ProbeApp.StartAsync("bench-write", database, rabbit.ConnectionString, run, relay: false, consume: false);
        var clock = Stopwatch.StartNew();
        var writes = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await app.WithDbAsync(db =>
                {
                    var request = new WorkRequest { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow };
                    db.Requests.Add(request);
                    if (extra == Extra.OutboxEvent) db.Publish(new WorkItemRecorded(run.Id, request.Id, 0));
                    if (extra == Extra.PlainRow) db.Requests.Add(new WorkRequest { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow });
                    return db.SaveChangesAsync();
                });
                Interlocked.Increment(ref writes);
            }
        }));
        return writes / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A durable queue bound to the event's exchange, so relayed messages are stored as the raw ones are.</summary>
    private static async Task<string> BindSinkQueueAsync(RabbitMqServer rabbit)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = $"{typeof(WorkItemRecorded).Namespace}:{nameof(WorkItemRecorded)}"; // MassTransit's exchange name
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = "bench-sink-" + Guid.NewGuid().ToString("N")[..8];
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
        return queue;
    }

    private static async Task DeleteQueueAsync(RabbitMqServer rabbit, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

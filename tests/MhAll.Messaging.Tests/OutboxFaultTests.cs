using System.Net;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using MhAll.Testing.Messaging;

namespace MhAll.Messaging.Tests;

/// <summary>
/// The messaging building block against real PostgreSQL and RabbitMQ. Every test counts effects at the consumer
/// side: rows the consumer wrote, which have no unique key, so a duplicate effect would be seen.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class OutboxFaultTests(MessagingServers servers) : IDisposable
{
    /// <summary>Deliveries the inbox recognised and skipped: each one is a duplicate that had no effect.</summary>
    private readonly CounterCapture _duplicatesSkipped = new(MessagingTelemetry.Name, "mhall.inbox.duplicates_skipped");

    public void Dispose() => _duplicatesSkipped.Dispose();

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private async Task<(ProbeApp App, string Database)> StartAsync(string service, bool relay = true)
    {
        var database = await servers.Postgres.CreateDatabaseAsync("messaging");
        var app = await ProbeApp.StartAsync(service, database, servers.RabbitMq.ConnectionString, new TestRun(Guid.NewGuid()), relay);
        return (app, database);
    }

    [Fact]
    public async Task Hundred_concurrent_requests_of_three_events_each_have_exactly_300_effects()
    {
        var (app, _) = await StartAsync("concurrent-requests");
        await using var _ = app;

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Client.PostAsync("/work?events=3", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await AssertExactlyOnceAsync(app, expected: 300);
    }

    [Fact]
    public async Task The_same_message_delivered_three_times_has_one_effect()
    {
        var (app, _) = await StartAsync("redelivery", relay: false);
        await using var _ = app;
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("/work?events=1", null)).StatusCode);
        var row = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync());

        var publisher = app.Services.GetRequiredService<OutboxPublisher>();
        for (var i = 0; i < 3; i++) await publisher.PublishAsync(row, CancellationToken.None);

        await WaitUntilAsync(() => Task.FromResult(_duplicatesSkipped.Total == 2), "two more deliveries, recognised as duplicates");
        await Task.Delay(300);
        Assert.Equal(1, await app.WithDbAsync(db => db.Effects.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.InboxMessages.CountAsync(m => m.MessageId == row.Id)));
    }

    [Fact]
    public async Task Broker_killed_while_requests_continue_then_restarted_loses_nothing_and_duplicates_nothing()
    {
        var (app, _) = await StartAsync("broker-crash");
        await using var _ = app;

        await SendWorkAsync(app, requests: 30, events: 2);
        servers.RabbitMq.Kill(); // kill -9
        await SendWorkAsync(app, requests: 30, events: 2); // requests never wait for the broker
        await Task.Delay(TimeSpan.FromSeconds(2)); // the relay tries, fails and backs off meanwhile
        var waiting = await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null));
        Assert.True(waiting > 0, "events written while the broker was down wait in the outbox");

        await servers.RabbitMq.RestartAsync();
        await SendWorkAsync(app, requests: 30, events: 2);

        await AssertExactlyOnceAsync(app, expected: 180);
    }

    [Fact]
    public async Task Events_committed_by_a_service_that_died_before_publishing_are_delivered_after_restart()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("messaging");
        var run = new TestRun(Guid.NewGuid());
        await using (var dying = await ProbeApp.StartAsync("died-before-publish", database, servers.RabbitMq.ConnectionString, run, relay: false))
        {
            await SendWorkAsync(dying, requests: 20, events: 2);
            Assert.Equal(40, await dying.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
        } // gone with every event committed and none published

        await using var restarted = await ProbeApp.StartAsync("died-before-publish", database, servers.RabbitMq.ConnectionString, run);
        await AssertExactlyOnceAsync(restarted, expected: 40);
    }

    [Fact]
    public async Task A_crash_after_publishing_and_before_marking_sent_is_absorbed_by_the_inbox()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("messaging");
        var run = new TestRun(Guid.NewGuid());
        await using (var crashing = await ProbeApp.StartAsync("crash-after-publish", database, servers.RabbitMq.ConnectionString, run, relay: false))
        {
            await SendWorkAsync(crashing, requests: 10, events: 1);
            // What the relay does before it marks rows sent; then the process "crashes" without marking them.
            var publisher = crashing.Services.GetRequiredService<OutboxPublisher>();
            foreach (var row in await crashing.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()))
                await publisher.PublishAsync(row, CancellationToken.None);
            await WaitUntilAsync(async () => await crashing.WithDbAsync(db => db.Effects.CountAsync()) == 10, "first deliveries");
        }

        await using var restarted = await ProbeApp.StartAsync("crash-after-publish", database, servers.RabbitMq.ConnectionString, run);
        await WaitUntilAsync(() => Task.FromResult(_duplicatesSkipped.Total == 10), "every event delivered a second time");
        await AssertExactlyOnceAsync(restarted, expected: 10);
    }

    [Fact]
    public async Task A_poison_message_goes_to_the_error_queue_after_its_retries_while_others_keep_flowing_and_can_be_replayed()
    {
        var (app, _) = await StartAsync("poison");
        await using var _ = app;
        var deadLetters = app.Services.GetRequiredService<DeadLetterQueues>();
        var queue = Assert.Single(deadLetters.Queues);

        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("/work?events=3&poison=true", null)).StatusCode);
        await SendWorkAsync(app, requests: 10, events: 3);

        await WaitUntilAsync(async () => await app.WithDbAsync(db => db.Effects.CountAsync()) == 32, "the healthy events");
        var failed = await WaitForDeadLettersAsync(deadLetters, queue, expected: 1);
        Assert.Contains("Poison work item", failed.Oldest.Single().ExceptionMessage);
        Assert.Equal(1 + 3, app.Run.PoisonAttempts); // the first try and 3 retries

        app.Run.PoisonFails = false; // the cause is fixed; the operator replays
        Assert.Equal(1, await deadLetters.ReplayAsync(queue, CancellationToken.None));
        await WaitUntilAsync(async () => await app.WithDbAsync(db => db.Effects.CountAsync()) == 33, "the replayed event");
        await WaitForDeadLettersAsync(deadLetters, queue, expected: 0);
    }

    [Fact]
    public async Task An_event_that_arrives_before_what_it_depends_on_waits_beyond_the_fault_retries_and_then_has_its_effect()
    {
        var (app, _) = await StartAsync("early-event");
        await using var _ = app;
        var deadLetters = app.Services.GetRequiredService<DeadLetterQueues>();
        app.Run.EarlyAttempts = 5; // more than the 1 + 3 tries a fault gets

        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("/work?events=1", null)).StatusCode);

        await AssertExactlyOnceAsync(app, expected: 1);
        Assert.Equal(-1, app.Run.EarlyAttempts); // five early attempts, then the one that took effect
        var queue = Assert.Single(deadLetters.Queues);
        Assert.Equal(0u, (await deadLetters.ListAsync(5, CancellationToken.None)).Single(q => q.Queue == queue).Count);
    }

    [Fact]
    public async Task Events_consumed_while_the_database_restarts_wait_for_it_instead_of_going_to_the_error_queue()
    {
        var (app, _) = await StartAsync("database-restart");
        await using var _ = app;
        var deadLetters = app.Services.GetRequiredService<DeadLetterQueues>();
        var queue = Assert.Single(deadLetters.Queues);

        // The events are inside their consumers' transactions when the database goes away, for longer than the quick
        // retries last; the rest meet the outage as they arrive.
        app.Run.HoldConsumer = true;
        await SendWorkAsync(app, requests: 10, events: 3);
        await WaitUntilAsync(() => Task.FromResult(app.Run.Held > 0), "an event reaching the consumer",
            async () => $"unsent {await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null))}");
        servers.Postgres.Stop();
        app.Run.HoldConsumer = false;
        await Task.Delay(TimeSpan.FromSeconds(5)); // far longer than the quick retries (about 1 s here) last
        await servers.Postgres.RestartAsync();

        await AssertExactlyOnceAsync(app, expected: 30);
        Assert.Equal(0u, (await deadLetters.ListAsync(5, CancellationToken.None)).Single(q => q.Queue == queue).Count);
    }

    [Fact]
    public async Task Two_relays_on_one_database_give_each_event_exactly_one_effect_and_one_delivery()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("messaging");
        var run = new TestRun(Guid.NewGuid());
        await using var first = await ProbeApp.StartAsync("two-relays", database, servers.RabbitMq.ConnectionString, run);
        await using var second = await ProbeApp.StartAsync("two-relays", database, servers.RabbitMq.ConnectionString, run);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => (i % 2 == 0 ? first : second).Client.PostAsync("/work?events=2", null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        await AssertExactlyOnceAsync(first, expected: 200);
        Assert.Equal(0, _duplicatesSkipped.Total); // SKIP LOCKED: no row was published by both relays
    }

    [Fact]
    public async Task Rows_whose_transactions_commit_out_of_order_are_all_delivered()
    {
        var (app, _) = await StartAsync("out-of-order");
        await using var _ = app;

        // An early row whose transaction stays open while a later one commits and is relayed.
        await using var db = app.CreatePlainDbContext();
        await using var slow = await db.Database.BeginTransactionAsync();
        var early = db.Publish(new WorkItemRecorded(app.Run.Id, Guid.NewGuid(), 0));
        await db.SaveChangesAsync();

        await SendWorkAsync(app, requests: 1, events: 1);
        await WaitUntilAsync(async () => await app.WithDbAsync(d => d.Effects.CountAsync()) == 1, "the later row");

        await slow.CommitAsync();
        await WaitUntilAsync(async () => await app.WithDbAsync(d => d.Effects.AnyAsync(e => e.MessageId == early.Id)), "the early row");
        await AssertExactlyOnceAsync(app, expected: 2);
    }

    [Fact]
    public async Task Purging_removes_old_sent_rows_and_old_inbox_rows_and_never_an_unsent_row()
    {
        var (app, _) = await StartAsync("purge", relay: false);
        await using var _ = app;
        var old = DateTimeOffset.UtcNow.AddDays(-30);
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "x", Payload = "{}", Headers = [], CreatedAt = old, NextAttemptAt = old, SentAt = old });
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "x", Payload = "{}", Headers = [], CreatedAt = old, NextAttemptAt = old });
            db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), MessageType = "x", Payload = "{}", Headers = [], CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = old, SentAt = DateTimeOffset.UtcNow });
            db.InboxMessages.Add(new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "c", ReceivedAt = old });
            db.InboxMessages.Add(new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "c", ReceivedAt = DateTimeOffset.UtcNow.AddDays(-6) });
            return await db.SaveChangesAsync();
        });

        var cleanup = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<MessagingCleanup<TestDbContext>>().Single();
        Assert.Equal((1, 1), await cleanup.PurgeAsync(CancellationToken.None));

        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt != null)));
        Assert.Equal(1, await app.WithDbAsync(db => db.InboxMessages.CountAsync()));
    }

    private static async Task SendWorkAsync(ProbeApp app, int requests, int events)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => app.Client.PostAsync($"/work?events={events}", null)));
        // A failure shows the probe's exception (the developer page's text), so a rare one can be diagnosed from the log.
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"POST /work gave {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        }
    }

    /// <summary>Every event of the run has exactly one effect, none is left unsent, and no late duplicate follows.</summary>
    private static async Task AssertExactlyOnceAsync(ProbeApp app, int expected)
    {
        await WaitUntilAsync(async () => await app.WithDbAsync(db => db.Effects.CountAsync()) >= expected, $"{expected} effects");
        await WaitUntilAsync(async () => await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)) == 0, "an empty outbox");
        await Task.Delay(500); // time for a stray duplicate to show
        var effects = await app.WithDbAsync(db => db.Effects.Select(e => new { e.RequestId, e.Index }).ToListAsync());
        Assert.Equal(expected, effects.Count);
        Assert.Equal(expected, effects.Distinct().Count());
    }

    private static async Task<DeadLetterQueueSummary> WaitForDeadLettersAsync(DeadLetterQueues deadLetters, string queue, int expected)
    {
        DeadLetterQueueSummary? summary = null;
        await WaitUntilAsync(async () =>
        {
            summary = (await deadLetters.ListAsync(5, CancellationToken.None)).Single(q => q.Queue == queue);
            return summary.Count == expected;
        }, $"{expected} messages in {queue}_error");
        return summary!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {Patience.TotalSeconds} s waiting for {what}." + (state is null ? "" : $" Then: {await state()}."));
            await Task.Delay(100);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;

using MhAll.Testing.Messaging;

namespace MhAll.Messaging.Tests;

[Collection(MessagingCollection.Name)]
public sealed class TraceTests(MessagingServers servers)
{
    [Fact]
    public async Task One_trace_runs_from_the_request_through_the_relay_and_the_broker_into_the_consumer()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "MassTransit" or MessagingTelemetry.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var database = await servers.Postgres.CreateDatabaseAsync("messaging");
        await using var app = await ProbeApp.StartAsync("trace", database, servers.RabbitMq.ConnectionString, new TestRun(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("/work?events=1", null)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await app.WithDbAsync(db => db.Effects.CountAsync()) == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Task.Delay(200); // let the consumer's activity stop

        var request = stopped.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        var trace = stopped.Where(a => a.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, a => a.Source.Name == MessagingTelemetry.Name && a.DisplayName == "outbox relay WorkItemRecorded");
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
    }
}

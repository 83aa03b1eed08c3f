using MassTransit;
using MhAll.Messaging;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MhAll.Testing.Messaging;

/// <summary>An integration event of the probe app. <see cref="Poison"/> makes its consumer fail.</summary>
public sealed record WorkItemRecorded(Guid RunId, Guid RequestId, int Index, bool Poison = false);

public sealed class WorkRequest
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>What a consumer did: one row per handled event. No unique key, so a duplicate effect would show.</summary>
public sealed class Effect
{
    public long Id { get; init; }
    public Guid RequestId { get; init; }
    public int Index { get; init; }
    public Guid MessageId { get; init; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<WorkRequest> Requests => Set<WorkRequest>();
    public DbSet<Effect> Effects => Set<Effect>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model) => model.AddMessagingTables();
}

public sealed class WorkItemRecordedConsumer(TestDbContext db, TestRun run, ILogger<WorkItemRecordedConsumer> logger)
    : InboxConsumer<WorkItemRecorded, TestDbContext>(db, logger)
{
    protected override async Task HandleAsync(WorkItemRecorded message, ConsumeContext<WorkItemRecorded> context, CancellationToken cancellationToken)
    {
        // The exchange is shared by every test's queue; each test counts only its own run.
        if (message.RunId != run.Id) return;
        run.Handled?.Invoke(context.MessageId!.Value);
        if (run.HoldConsumer)
        {
            Interlocked.Increment(ref run.Held);
            while (run.HoldConsumer) await Task.Delay(20, cancellationToken);
        }
        if (message.Poison) Interlocked.Increment(ref run.PoisonAttempts);
        if (message.Poison && run.PoisonFails) throw new InvalidOperationException($"Poison work item {message.RequestId}");
        if (Interlocked.Decrement(ref run.EarlyAttempts) >= 0) throw new EarlyEventException($"Work item {message.RequestId} is early");
        Db.Effects.Add(new Effect { RequestId = message.RequestId, Index = message.Index, MessageId = context.MessageId!.Value });
    }
}

public sealed class TestRun(Guid id)
{
    public Guid Id { get; } = id;
    /// <summary>Poison messages fail while this is true; a test turns it off to show a replay succeeding.</summary>
    public volatile bool PoisonFails = true;
    /// <summary>How often a poison message reached the consumer: its first try and each retry.</summary>
    public int PoisonAttempts;
    /// <summary>Attempts that find the event "early", as if what it depends on had not arrived yet.</summary>
    public int EarlyAttempts;
    /// <summary>While true, the consumer waits inside its transaction (its inbox row written, not committed).</summary>
    public volatile bool HoldConsumer;
    /// <summary>Attempts that were held.</summary>
    public int Held;
    /// <summary>Called with the message id when the consumer handles an event of this run (benchmarks time it).</summary>
    public Action<Guid>? Handled { get; init; }
}

/// <summary>
/// A small service built exactly as the real ones are (AddServiceDatabase + AddMessaging), in-process,
/// against real servers, for the messaging fault tests and benchmarks. <c>POST /work?events=N</c> stores a
/// request and N events in one SaveChanges; its consumer records one effect per event.
/// </summary>
public sealed class ProbeApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly string _service;

    private ProbeApp(WebApplication app, string service, TestRun run)
    {
        _app = app;
        _service = service;
        Run = run;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public TestRun Run { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ProbeApp> StartAsync(string service, string database, string broker, TestRun run, bool relay = true,
        bool consume = true, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.DatabaseOf(service)}"] = database,
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = broker,
            ["Messaging:RelayEnabled"] = relay.ToString(),
            ["Messaging:RetryLimit"] = "3",
            ["Messaging:RetryMinInterval"] = "00:00:00.050",
            ["Messaging:RetryMaxInterval"] = "00:00:00.200",
            ["Messaging:PatientRetryLimit"] = "8",
            ["Messaging:PatientRetryMinInterval"] = "00:00:00.100",
            ["Messaging:PatientRetryMaxInterval"] = "00:00:02",
            ["Database:TransientRetries"] = "1",
            ["Database:TransientRetryMaxDelay"] = "00:00:00.200",
            ["Messaging:PublishTimeout"] = "00:00:03",
            ["Messaging:MaxRelayBackoff"] = "00:00:01",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(run);
        builder.AddServiceDatabase<TestDbContext, WebApplicationBuilder>(service);
        builder.AddMessaging<TestDbContext, WebApplicationBuilder>(service, c =>
        {
            if (consume) c.Add<WorkItemRecordedConsumer>();
        });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await db.Database.EnsureCreatedAsync();
        }
        app.MapPost("/work", async (TestDbContext db, int events, bool? poison) =>
        {
            var request = new WorkRequest { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow };
            db.Requests.Add(request);
            for (var i = 0; i < events; i++)
                db.Publish(new WorkItemRecorded(run.Id, request.Id, i, poison == true && i == 0));
            await db.SaveChangesAsync();
            return Results.Created($"/work-requests/{request.Id}", request.Id);
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new ProbeApp(app, service, run);
    }

    /// <summary>A DbContext on the app's database without the retrying strategy, for a test's own long transaction.</summary>
    public TestDbContext CreatePlainDbContext() => new(new DbContextOptionsBuilder<TestDbContext>()
        .UseNpgsql(Services.GetRequiredService<IConfiguration>().GetConnectionString(ResourceNames.DatabaseOf(_service)))
        .UseSnakeCaseNamingConvention().AddInterceptors(OutboxCommitInterceptor.Instance).Options);

    public async Task<T> WithDbAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

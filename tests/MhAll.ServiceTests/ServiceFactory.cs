using MassTransit;
using MassTransit.Testing;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// One PostgreSQL server for all the service tests (fsync off: speed; nothing here tests a crash), stopped by xunit
/// when the collection ends. (A process-exit hook is not enough: the test host may be ended before it runs.)
/// </summary>
public sealed class SharedPostgres : IAsyncLifetime
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(() => PostgresServer.StartAsync(durable: false));

    public static Task<PostgresServer> GetAsync() => Server.Value;

    public Task InitializeAsync() => GetAsync();

    public async Task DisposeAsync() => await (await GetAsync()).DisposeAsync();
}

/// <summary>
/// One smtp4dev for the identity tests, started when a test first asks for it (most service tests send no email) and
/// stopped by xunit when the collection ends.
/// </summary>
public sealed class SharedSmtp : IAsyncLifetime
{
    private static readonly Lazy<Task<SmtpServer>> Server = new(SmtpServer.StartAsync);

    public static Task<SmtpServer> GetAsync() => Server.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Server.IsValueCreated) await (await GetAsync()).DisposeAsync();
    }
}

/// <summary>Every service test class belongs here, so the shared servers are stopped once they have all run.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceTestsCollection : ICollectionFixture<SharedPostgres>, ICollectionFixture<SharedSmtp>
{
    public const string Name = "service tests";
}

/// <summary>
/// A service in-process with its own fresh database on the shared server, the tests' signing key, and
/// MassTransit's in-memory test harness in place of RabbitMQ (the outbox relay publishes into it).
/// </summary>
public class ServiceFactory<TEntryPoint>(string service) : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
    private string? _connectionString;

    public ITestHarness Harness => Services.GetTestHarness();

    public async Task InitializeAsync()
    {
        var postgres = await SharedPostgres.GetAsync();
        _connectionString = await postgres.CreateDatabaseAsync(service);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.DatabaseOf(service)}",
            MaxPoolSize is { } size ? $"{_connectionString};Maximum Pool Size={size}" : _connectionString);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Messaging:PollInterval", "00:00:00.200");
        // The bus is the in-memory test harness; the operator tools that talk to RabbitMQ itself find no broker here.
        builder.UseSetting($"ConnectionStrings:{ResourceNames.Messaging}", "amqp://guest:guest@127.0.0.1:1/");
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            ConfigureTestServices(services);
        });
    }

    protected virtual void ConfigureTestServices(IServiceCollection services) { }

    /// <summary>
    /// A smaller connection pool than Npgsql's 100, for a class that sends hundreds of requests at once: the shared
    /// server allows 100 connections in all, and requests beyond the pool wait their turn for a connection.
    /// </summary>
    protected virtual int? MaxPoolSize => null;

    /// <summary>
    /// Waits (up to 30 s) until the outbox relay has published a matching event. Polls the harness's list: its
    /// <c>Any</c> can give up early when the bus looks idle before the relay has woken.
    /// </summary>
    public async Task<bool> PublishedAsync<T>(Func<T, bool> match) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Harness.Published.Select<T>().Any(m => match(m.Context.Message)))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Waits (up to 60 s) until the service's database shows what a test expects, e.g. events consumed.</summary>
    public async Task WaitUntilAsync<TDbContext>(Func<TDbContext, Task<bool>> condition) where TDbContext : DbContext
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var scope = Services.CreateAsyncScope())
                if (await condition(scope.ServiceProvider.GetRequiredService<TDbContext>())) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The service's database did not reach the expected state in 60 s.");
            await Task.Delay(50);
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        // The classes share one PostgreSQL server and run one at a time: close this class's idle pooled
        // connections now, rather than leave them to count against the server's limit for minutes.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}

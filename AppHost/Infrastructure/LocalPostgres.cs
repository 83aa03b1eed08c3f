using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MhAll.AppHost.Infrastructure;

/// <summary>
/// A PostgreSQL server run from the machine's packages (eng/postgres-server.sh) as an Aspire executable.
/// It has a connection string like Aspire's container resource, so <c>WithReference</c> works the same.
/// </summary>
public sealed class LocalPostgresServerResource(string name, ParameterResource password, string script, string dataDir)
    : ExecutableResource(name, "/bin/sh", dataDir), IResourceWithConnectionString
{
    public const string UserName = "postgres";
    public ParameterResource Password { get; } = password;
    public string Script { get; } = script;
    public EndpointReference Endpoint => field ??= new(this, "tcp");
    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}

public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public LocalPostgresServerResource Parent { get; } = parent;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalPostgresExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var dataDir = LocalDataDirectories.Create(builder, name);
        var server = new LocalPostgresServerResource(name, password, LocalDataDirectories.EngScript(builder, "postgres-server.sh"), dataDir);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));

        // Like Aspire's AddPostgres: create the declared databases once the server is healthy. Aspire passes a parent's
        // state to its children only for containers, so mark each database Running here (its own health check follows).
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
            await connection.OpenAsync(ct);
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in server.Databases)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", database.DatabaseName);
                if (await exists.ExecuteScalarAsync(ct) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"")}\"", connection);
                    await create.ExecuteNonQueryAsync(ct);
                }
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            }
        });
        builder.MirrorTerminalStateOntoDatabases(server);

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => (connectionString ?? throw new InvalidOperationException("not started yet")) + ";Database=postgres",
            name: healthCheck);

        return builder.AddResource(server)
            // Not proxied: DCP's proxy accepts connections while the server is down and holds each for seconds, so an
            // outage looked like a hang of 20 s and more instead of a prompt 503; and every query saves a hop.
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT", port: LocalPorts.Free(), isProxied: false)
            .WithArgs(server.Script)
            .WithEnvironment("DATA_DIR", dataDir)
            .WithEnvironment("PG_PASSWORD", password)
            .WithEnvironment("PG_DURABLE", "on") // fsync and synchronous commit: a local server keeps what it confirmed
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseStack");
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresServerResource> server, [ResourceName] string name)
    {
        var database = new LocalPostgresDatabaseResource(name, name.Replace('-', '_'), server.Resource);
        server.Resource.Databases.Add(database);

        string? connectionString = null;
        server.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheck = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks()
            .AddNpgSql(_ => connectionString ?? throw new InvalidOperationException("not started yet"), name: healthCheck);

        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] })
            .WithHealthCheck(healthCheck);
    }

    /// <summary>When the server fails or exits, so do its databases; otherwise whatever waits for them waits forever.</summary>
    private static void MirrorTerminalStateOntoDatabases(this IDistributedApplicationBuilder builder, LocalPostgresServerResource server)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            WatchServer(e.Services, server);
            return Task.CompletedTask;
        });
    }

    private static void WatchServer(IServiceProvider services, LocalPostgresServerResource server)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    if (update.Resource != server || update.Snapshot.State?.Text is not { } state || !KnownResourceStates.TerminalStates.Contains(state))
                        continue;
                    foreach (var database in server.Databases)
                        await notifications.PublishUpdateAsync(database, s => s with { State = state, StopTimeStamp = DateTime.UtcNow });
                }
            }
            catch (OperationCanceledException) { /* the AppHost is stopping */ }
        }, stopping);
    }
}

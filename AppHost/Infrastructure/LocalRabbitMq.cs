using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace MhAll.AppHost.Infrastructure;

/// <summary>A RabbitMQ node run from the machine's packages (eng/rabbitmq-server.sh) as an Aspire executable.</summary>
public sealed class LocalRabbitMqServerResource(string name, ParameterResource password, string dataDir)
    : ExecutableResource(name, "/bin/sh", dataDir), IResourceWithConnectionString
{
    public const string UserName = "mhall";
    public ParameterResource Password { get; } = password;
    public EndpointReference Endpoint => field ??= new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@{Endpoint.Property(EndpointProperty.HostAndPort)}");
}

public static class LocalRabbitMqExtensions
{
    public static IResourceBuilder<LocalRabbitMqServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var dataDir = LocalDataDirectories.Create(builder, name);
        var server = new LocalRabbitMqServerResource(name, password, dataDir);
        var nodeName = $"{name}-{Environment.ProcessId}@localhost";

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
        {
            try
            {
                var factory = new ConnectionFactory { Uri = new Uri(connectionString ?? throw new InvalidOperationException("not started yet")) };
                await using var connection = await factory.CreateConnectionAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        });

        return builder.AddResource(server)
            // Not proxied, as for PostgreSQL: the services talk to the broker itself.
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "RABBITMQ_NODE_PORT", port: LocalPorts.Free(), isProxied: false)
            .WithArgs(LocalDataDirectories.EngScript(builder, "rabbitmq-server.sh"))
            .WithEnvironment("DATA_DIR", dataDir)
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("RABBIT_USER", LocalRabbitMqServerResource.UserName)
            .WithEnvironment("RABBIT_PASSWORD", password)
            .WithEnvironment(context => context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = LocalPorts.Free().ToString())
            .WithHealthCheck(healthCheck)
            .WithIconName("Mail");
    }
}

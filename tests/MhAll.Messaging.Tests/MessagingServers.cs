using MhAll.Testing;

namespace MhAll.Messaging.Tests;

/// <summary>
/// One durable PostgreSQL (fsync on: these tests are about not losing data) and one RabbitMQ for the collection.
/// The tests run one after another, because one of them kills the broker.
/// </summary>
public sealed class MessagingServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync(durable: true);
        var rabbit = RabbitMqServer.StartAsync();
        Postgres = await postgres;
        RabbitMq = await rabbit;
    }

    public async Task DisposeAsync()
    {
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingServers>
{
    public const string Name = "messaging";
}

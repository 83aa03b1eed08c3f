using System.Text;
using MhAll.ServiceDefaults.Http;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace MhAll.Messaging.DeadLetters;

/// <summary>A message that failed all its retries and waits in a consumer's <c>_error</c> queue.</summary>
public sealed record DeadLetter(string? MessageId, string? MessageType, string? ExceptionType, string? ExceptionMessage, string? FailedAt);

public sealed record DeadLetterQueueSummary(string Queue, string ErrorQueue, uint Count, IReadOnlyList<DeadLetter> Oldest);

/// <summary>
/// Lets an operator see and replay the messages MassTransit moved to <c>&lt;queue&gt;_error</c>. Replay sends
/// each message back to its own queue without the fault headers; the consumer's inbox keeps it exactly-once.
/// </summary>
public sealed class DeadLetterQueues(IConfiguration configuration, ConsumerQueues queues)
{
    public const string ErrorSuffix = "_error";

    public IReadOnlyList<string> Queues => queues.Names;

    public async Task<IReadOnlyList<DeadLetterQueueSummary>> ListAsync(int peek, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var result = new List<DeadLetterQueueSummary>();
        foreach (var queue in queues.Names)
        {
            var errorQueue = queue + ErrorSuffix;
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            uint count;
            try
            {
                count = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                result.Add(new DeadLetterQueueSummary(queue, errorQueue, 0, [])); // no message has ever failed here
                continue;
            }
            var oldest = new List<DeadLetter>();
            ulong lastTag = 0;
            for (var i = 0; i < Math.Min(peek, (int)count); i++)
            {
                if (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is not { } message) break;
                lastTag = message.DeliveryTag;
                var headers = message.BasicProperties.Headers;
                oldest.Add(new DeadLetter(message.BasicProperties.MessageId, Header(headers, "MT-Fault-MessageType") ?? message.BasicProperties.Type,
                    Header(headers, "MT-Fault-ExceptionType"), Header(headers, "MT-Fault-Message"), Header(headers, "MT-Fault-Timestamp")));
            }
            if (lastTag > 0) await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, cancellationToken); // only a peek
            result.Add(new DeadLetterQueueSummary(queue, errorQueue, count, oldest));
        }
        return result;
    }

    /// <summary>Moves every message of <paramref name="queue"/>'s error queue back to it; returns how many moved.</summary>
    public async Task<int> ReplayAsync(string queue, CancellationToken cancellationToken)
    {
        if (!queues.Names.Contains(queue)) throw new ArgumentException($"'{queue}' is not a queue of this service.", nameof(queue));
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var moved = 0;
        while (await channel.BasicGetAsync(queue + ErrorSuffix, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
                foreach (var key in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason").ToList())
                    headers.Remove(key);
            // Confirmed before the ack: a crash in between leaves a copy in both queues, never in neither.
            await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, basicProperties: properties,
                body: message.Body, cancellationToken: cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var uri = configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Messaging} is not configured.");
        try
        {
            return await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "dead-letter-tools" }.CreateConnectionAsync(cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e)
        {
            throw new DependencyUnavailableException("message broker", e);
        }
    }

    private static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers?.TryGetValue(key, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;
}

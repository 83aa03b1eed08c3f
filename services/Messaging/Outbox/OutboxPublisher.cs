using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;

namespace MhAll.Messaging.Outbox;

/// <summary>Publishes one outbox row to the broker, under the row's own message id and trace context, and waits for the confirm.</summary>
public sealed class OutboxPublisher(IBus bus, IOptions<MessagingOptions> options)
{
    /// <summary>Publishes one row, waiting at most <see cref="MessagingOptions.PublishTimeout"/> for the confirm.</summary>
    public async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        await PublishWithinAsync(row, timeout.Token);
    }

    /// <summary>Publishes one row under a deadline the caller set (the relay sets one per batch).</summary>
    public async Task PublishWithinAsync(OutboxMessage row, CancellationToken deadline)
    {
        var type = MessageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, OutboxExtensions.PayloadJson)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty payload.");

        // Continue the trace of the request that wrote the row: request → relay → broker → consumer.
        ActivityContext.TryParse(row.Headers.GetValueOrDefault(OutboxHeaders.TraceParent),
            row.Headers.GetValueOrDefault(OutboxHeaders.TraceState), out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity("outbox relay " + type.Name, ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        row.Headers.TryGetValue(OutboxHeaders.CorrelationId, out var correlationId);
        if (correlationId is not null) activity?.SetTag("correlation.id", correlationId);

        // With publisher confirms on (MessagingRegistration), this returns once the broker has the message.
        await bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            if (correlationId is not null) context.Headers.Set(OutboxHeaders.CorrelationId, correlationId);
        }, deadline);
    }
}

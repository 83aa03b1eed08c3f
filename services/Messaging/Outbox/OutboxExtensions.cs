using System.Diagnostics;
using System.Text.Json;
using MassTransit;

namespace MhAll.Messaging.Outbox;

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an integration event to the outbox. It is published only if the caller's next
    /// <c>SaveChangesAsync</c> commits, together with the change it reports; nothing talks to the broker here.
    /// </summary>
    public static OutboxMessage Publish<TEvent>(this IMessagingDbContext db, TEvent @event, TimeProvider? clock = null)
        where TEvent : class
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var message = new OutboxMessage
        {
            Id = NewId.NextSequentialGuid(),
            MessageType = MessageTypes.NameOf(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(@event, PayloadJson),
            Headers = CaptureContext(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>The trace context of the current request, so the relay continues the same trace.</summary>
    private static Dictionary<string, string> CaptureContext()
    {
        var headers = new Dictionary<string, string>();
        if (Activity.Current is not { } activity) return headers;
        headers[OutboxHeaders.TraceParent] = activity.Id!;
        if (activity.TraceStateString is { } state) headers[OutboxHeaders.TraceState] = state;
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetTagItem("correlation.id") is not string correlationId) continue;
            headers[OutboxHeaders.CorrelationId] = correlationId;
            break;
        }
        return headers;
    }
}

public static class OutboxHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string CorrelationId = "correlation-id";
}

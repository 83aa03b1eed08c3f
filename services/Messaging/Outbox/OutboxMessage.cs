namespace MhAll.Messaging.Outbox;

/// <summary>An integration event waiting in the outbox; written in the same transaction as the change it reports.</summary>
public sealed class OutboxMessage
{
    /// <summary>Also the broker message id, which consumers' inboxes are keyed by.</summary>
    public Guid Id { get; init; }
    /// <summary>Assembly-qualified contract name without version, e.g. "MhAll.Contracts.Participation.VolunteerRegistered, MhAll.Contracts".</summary>
    public required string MessageType { get; init; }
    public required string Payload { get; init; }
    /// <summary>W3C trace context and correlation id of the request that wrote the event.</summary>
    public required Dictionary<string, string> Headers { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

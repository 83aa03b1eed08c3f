namespace MhAll.Messaging.Inbox;

/// <summary>A message a consumer has handled; written in the consumer's own transaction, so a redelivery is skipped.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

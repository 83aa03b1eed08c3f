using System.Text.Json;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MhAll.Messaging;

/// <summary>The outbox and inbox tables, mapped the same way in every service's database.</summary>
public static class MessagingModel
{
    /// <summary>Channel that writers without a relay of their own notify on commit; every relay listens on it.</summary>
    public const string NotifyChannel = "outbox_messages";

    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(300);
            e.Property(m => m.Payload).HasColumnName("payload").HasColumnType("json");
            e.Property(m => m.Headers).HasColumnName("headers").HasColumnType("json").HasConversion(
                headers => JsonSerializer.Serialize(headers, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonSerializerOptions.Default) ?? new(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    headers => headers.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                    headers => new Dictionary<string, string>(headers)));
            e.Property(m => m.CreatedAt).HasColumnName("created_at");
            e.Property(m => m.Attempts).HasColumnName("attempts");
            e.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            e.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(m => m.SentAt).HasColumnName("sent_at");
            // What the relay claims: unsent rows due now, oldest first.
            e.HasIndex(m => m.NextAttemptAt).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
            // What the purge deletes.
            e.HasIndex(m => m.SentAt).HasDatabaseName("ix_outbox_messages_sent").HasFilter("sent_at IS NOT NULL");
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.MessageId).HasColumnName("message_id");
            e.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            e.Property(m => m.ReceivedAt).HasColumnName("received_at");
            e.HasIndex(m => m.ReceivedAt).HasDatabaseName("ix_inbox_messages_received_at");
        });
        return model;
    }
}

using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MhAll.Messaging.Inbox;

/// <summary>
/// Base of every consumer: records (message id, consumer) in the inbox in the same transaction as the
/// consumer's own changes, so each message has its effect exactly once however often it is delivered.
/// A duplicate is acknowledged and skipped. Concurrent deliveries of one message serialise on the inbox
/// key: the second waits for the first to commit, then sees the row and skips.
/// </summary>
public abstract class InboxConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext, IMessagingDbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Stable name of this consumer in the inbox; changing it would let old messages in again.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id.");
        var consumer = ConsumerName;
        var strategy = Db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            Db.ChangeTracker.Clear(); // a retried attempt starts clean
            // Any failure rolls the whole transaction back, so SaveChanges needs no savepoint: two round trips fewer.
            Db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            // Taking the lock in the same statement as the inbox row saves a round trip; the consumer's reads come in
            // later statements, so they see whatever the transaction that held the lock committed.
            var inserted = SerializeOn(context.Message) is { } key
                ? await Db.Database.ExecuteSqlAsync($"""
                    INSERT INTO inbox_messages (message_id, consumer, received_at)
                    SELECT {messageId}, {consumer}, now() FROM pg_advisory_xact_lock({LockKey(key)})
                    ON CONFLICT DO NOTHING
                    """, ct)
                : await Db.Database.ExecuteSqlAsync($"""
                    INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES ({messageId}, {consumer}, now())
                    ON CONFLICT DO NOTHING
                    """, ct);
            if (inserted == 0)
            {
                await transaction.RollbackAsync(ct);
                logger.LogInformation("Skipped duplicate {MessageType} {MessageId} in {Consumer}", typeof(TMessage).Name, messageId, consumer);
                MessagingTelemetry.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
                return;
            }
            await HandleAsync(context.Message, context, ct);
            await Db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, context.CancellationToken);
    }

    /// <summary>
    /// The entity this message changes, when events of other types change it too: consumers that name the same id run
    /// one after another (a transaction-scoped PostgreSQL advisory lock), so that, say, a withdrawal and an erasure of
    /// one volunteer handled at the same moment cannot both take them off the register's counts.
    /// </summary>
    protected virtual Guid? SerializeOn(TMessage message) => null;

    private static long LockKey(Guid id) => BitConverter.ToInt64(id.ToByteArray(), 0);

    /// <summary>The consumer's effect: change <see cref="Db"/> (and add outbox events); saved and committed by the base.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken);
}

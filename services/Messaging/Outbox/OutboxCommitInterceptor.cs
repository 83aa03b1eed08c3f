using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MhAll.Messaging.Outbox;

/// <summary>
/// Notices when a DbContext's changes that include outbox rows have committed (an implicit SaveChanges
/// transaction, or the caller's own transaction) and wakes the relays through <see cref="OutboxWakeUp"/>.
/// Registered on every service's DbContext by <see cref="ServiceDatabase"/>.
/// </summary>
public sealed class OutboxCommitInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly OutboxCommitInterceptor Instance = new();
    private static readonly ConditionalWeakTable<DbContext, object> Pending = new();
    private static readonly object Marker = new();

    private OutboxCommitInterceptor() { }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteOutboxRows(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        NoteOutboxRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) Pending.Remove(context);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Wake(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Wake(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) Pending.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private static void NoteOutboxRows(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            Pending.AddOrUpdate(context, Marker);
    }

    /// <summary>After SaveChanges: committed unless the caller holds a transaction (then TransactionCommitted wakes).</summary>
    private static void WakeIfCommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) Wake(context);
    }

    private static void Wake(DbContext? context)
    {
        if (context is null || !Pending.Remove(context)) return;
        if (context.Database.GetConnectionString() is { } connectionString) OutboxWakeUp.Committed(connectionString);
    }
}

using System.Collections.Concurrent;
using Npgsql;

namespace MhAll.Messaging.Outbox;

/// <summary>
/// Wakes the outbox relays of a database when a transaction that wrote outbox rows has committed.
/// A relay in the same process is woken directly. When this process runs no relay for that database, it sends
/// one PostgreSQL NOTIFY (coalesced while one is in flight) for the relays of other processes, which LISTEN.
/// Why not a NOTIFY trigger on the table: a notifying transaction holds a database-wide lock through its commit,
/// so every writing transaction committed one at a time (measured: write throughput fell to 0.39 of the same
/// write without an event). See docs/decisions/0002-outbox-relay-inbox.md.
/// </summary>
public static class OutboxWakeUp
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action>> Relays = new();
    private static readonly ConcurrentDictionary<string, RemoteNotifier> Notifiers = new();
    private static readonly ConcurrentDictionary<string, string> Keys = new();

    /// <summary>A relay asks to be woken for commits to its database; dispose to stop.</summary>
    public static IDisposable Subscribe(string connectionString, Action wake)
    {
        var relays = Relays.GetOrAdd(KeyOf(connectionString), _ => new ConcurrentDictionary<Guid, Action>());
        var id = Guid.NewGuid();
        relays[id] = wake;
        return new Subscription(() => relays.TryRemove(id, out _));
    }

    /// <summary>Called after a commit that wrote outbox rows.</summary>
    public static void Committed(string connectionString)
    {
        var key = KeyOf(connectionString);
        if (Relays.TryGetValue(key, out var relays) && !relays.IsEmpty)
        {
            foreach (var wake in relays.Values) wake();
            return;
        }
        Notifiers.GetOrAdd(key, _ => new RemoteNotifier(connectionString)).Request();
    }

    /// <summary>Same server and database, whatever else the connection string says.</summary>
    private static string KeyOf(string connectionString) => Keys.GetOrAdd(connectionString, static cs =>
    {
        var builder = new NpgsqlConnectionStringBuilder(cs);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    });

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    /// <summary>Sends NOTIFY on its own short transaction; requests made while one is in flight share the next one.</summary>
    private sealed class RemoteNotifier(string connectionString)
    {
        private int _requests;

        public void Request()
        {
            if (Interlocked.Increment(ref _requests) == 1) _ = Task.Run(SendAsync);
        }

        private async Task SendAsync()
        {
            while (true)
            {
                var seen = Volatile.Read(ref _requests);
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    // A wake-up call, not data: it need not wait for the disk.
                    await using var notify = new NpgsqlCommand(
                        $"BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_notify('{MessagingModel.NotifyChannel}', ''); COMMIT;", connection);
                    await notify.ExecuteNonQueryAsync();
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // The relays' poll covers a lost wake-up.
                }
                if (Interlocked.CompareExchange(ref _requests, 0, seen) == seen) return;
            }
        }
    }
}

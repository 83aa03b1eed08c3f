using System.Threading.Channels;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MhAll.Messaging.Outbox;

/// <summary>
/// Moves committed outbox rows to the broker. Woken at once when a transaction with outbox rows commits (in this
/// process directly, from other processes by PostgreSQL NOTIFY: see <see cref="OutboxWakeUp"/>), with a slow poll
/// as a safety net. Each pass claims a batch with <c>FOR UPDATE SKIP LOCKED</c> (so several replicas never take
/// the same row), publishes the batch concurrently, and marks a row sent only after the broker confirmed it,
/// in the same transaction that holds the claim. There is no "last id" watermark: a row that commits late is
/// still unsent and is picked up by the next pass. A crash after publishing and before the commit republishes
/// the row; consumers' inboxes absorb the duplicate.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    OutboxPublisher publisher,
    IBusControl bus,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext, IMessagingDbContext
{
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private string _database = typeof(TDbContext).Name;
    private DateTimeOffset _ageReportedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RelayEnabled)
        {
            logger.LogInformation("The outbox relay is off on this instance (Messaging:RelayEnabled)");
            return;
        }
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("The DbContext has no connection string.");
            _database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? _database;
        }
        using var localWakeUp = OutboxWakeUp.Subscribe(connectionString, () => _wakeUp.Writer.TryWrite(true));
        var listening = ListenAsync(connectionString, stoppingToken);

        await Task.WhenAll(Enumerable.Range(0, options.Value.RelayConcurrency).Select(_ => RelayLoopAsync(stoppingToken)));
        await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>One pass after another: claim, publish, record; then wait for a wake-up or the poll.</summary>
    private async Task RelayLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var failedPasses = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await RelayOnceAsync(stoppingToken);
                if (pass.BrokerUnavailable)
                {
                    // Back off the whole relay, not each row: the rows are fine and go as soon as the broker is back.
                    failedPasses++;
                    await Task.Delay(Backoff(failedPasses, settings.MaxRelayBackoff), clock, stoppingToken);
                    continue;
                }
                failedPasses = 0;
                if (pass.Claimed == settings.BatchSize)
                {
                    _wakeUp.Writer.TryWrite(true); // more are waiting: a sibling pass can take the next batch meanwhile
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                failedPasses++;
                logger.LogWarning(ex, "Outbox relay pass failed on {Database}; retrying", _database);
                await Task.Delay(Backoff(failedPasses, settings.MaxRelayBackoff), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            await WaitForWorkAsync(settings.PollInterval, stoppingToken);
        }
    }

    internal readonly record struct Pass(int Claimed, int Sent, bool BrokerUnavailable);

    /// <summary>Claims one batch of due rows, publishes it and records the outcome of every row.</summary>
    internal async Task<Pass> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var batchSize = options.Value.BatchSize;
        var strategy = db.Database.CreateExecutionStrategy();
        var pass = await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Due by the service's clock, which stamped the row: the database's clock may be behind it (or, in tests, far behind).
            var now = clock.GetUtcNow();
            var rows = await db.OutboxMessages
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE sent_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking()
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return new Pass(0, 0, false);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(options.Value.PublishTimeout); // one timer for the whole batch
            var outcomes = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, deadline.Token, ct)));
            var sent = rows.Where((_, i) => outcomes[i] is null).Select(r => r.Id).ToArray();
            if (sent.Length > 0)
                await db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET sent_at = now() WHERE id = ANY({sent})", ct);

            // A failure while the bus is disconnected is the broker's, not the row's: the row stays due and the relay
            // backs off. A failure on a healthy bus is the row's own: that row waits longer each time.
            var brokerUnavailable = sent.Length < rows.Count && bus.CheckHealth().Status != BusHealthStatus.Healthy;
            for (var i = 0; i < rows.Count; i++)
            {
                if (outcomes[i] is not { } error) continue;
                var row = rows[i];
                var delay = brokerUnavailable ? TimeSpan.Zero : Backoff(row.Attempts + 1, options.Value.MaxRowBackoff);
                var message = Truncate(error.GetType().Name + ": " + error.Message, 2000);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE outbox_messages
                    SET attempts = attempts + 1, last_error = {message}, next_attempt_at = {now + delay}
                    WHERE id = {row.Id}
                    """, ct);
            }
            await transaction.CommitAsync(ct);
            return new Pass(rows.Count, sent.Length, brokerUnavailable);
        }, cancellationToken);

        MessagingTelemetry.Published.Add(pass.Sent, new KeyValuePair<string, object?>("db.name", _database));
        if (pass.Claimed > pass.Sent)
            MessagingTelemetry.PublishFailures.Add(pass.Claimed - pass.Sent, new KeyValuePair<string, object?>("db.name", _database));
        await ReportOldestUnsentAsync(db, cancellationToken);
        return pass;
    }

    private async Task<Exception?> TryPublishAsync(OutboxMessage row, CancellationToken deadline, CancellationToken stopping)
    {
        try
        {
            await publisher.PublishWithinAsync(row, deadline);
            return null;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning("Publishing outbox message {MessageId} ({MessageType}) failed, attempt {Attempt}: {Error}",
                row.Id, row.MessageType, row.Attempts + 1, ex.Message);
            return ex;
        }
    }

    private async Task ReportOldestUnsentAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _ageReportedAt < TimeSpan.FromSeconds(1)) return;
        _ageReportedAt = now;
        var oldest = await db.OutboxMessages.Where(m => m.SentAt == null).MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken);
        MessagingTelemetry.ReportOldestUnsentAge(_database, oldest is { } created ? now - created : TimeSpan.Zero);
    }

    private async Task WaitForWorkAsync(TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(pollInterval);
        try
        {
            await _wakeUp.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) { /* the poll interval passed, or the host is stopping */ }
    }

    /// <summary>Holds a connection that LISTENs for other processes' commits, and wakes the relay on each notification.</summary>
    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        var retries = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => _wakeUp.Writer.TryWrite(true);
                await using (var listen = new NpgsqlCommand($"LISTEN {MessagingModel.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                retries = 0;
                _wakeUp.Writer.TryWrite(true); // anything committed while we were not listening
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                retries++;
                logger.LogWarning(ex, "Outbox notification listener on {Database} lost its connection; the poll covers meanwhile", _database);
                await Task.Delay(Backoff(retries, options.Value.MaxRelayBackoff), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Exponential from 100 ms, capped.</summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt - 1, 20))));

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

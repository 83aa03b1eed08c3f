using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MhAll.Messaging;

/// <summary>Purges sent outbox rows and old inbox rows after their retention periods, in small batches.</summary>
public sealed class MessagingCleanup<TDbContext>(
    IServiceScopeFactory scopes, IOptions<MessagingOptions> options, TimeProvider clock, ILogger<MessagingCleanup<TDbContext>> logger)
    : BackgroundService
    where TDbContext : DbContext, IMessagingDbContext
{
    private const int DeleteBatch = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Purging the outbox and inbox failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { /* stopping */ }
    }

    public async Task<(int Outbox, int Inbox)> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var sentBefore = now - settings.SentRetention;
        var receivedBefore = now - settings.InboxRetention;
        int outbox = 0, inbox = 0, deleted;
        do
        {
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM outbox_messages WHERE id IN
                  (SELECT id FROM outbox_messages WHERE sent_at < {sentBefore} LIMIT {DeleteBatch})
                """, cancellationToken);
            outbox += deleted;
        } while (deleted == DeleteBatch);
        do
        {
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM inbox_messages WHERE (message_id, consumer) IN
                  (SELECT message_id, consumer FROM inbox_messages WHERE received_at < {receivedBefore} LIMIT {DeleteBatch})
                """, cancellationToken);
            inbox += deleted;
        } while (deleted == DeleteBatch);
        if (outbox + inbox > 0)
            logger.LogInformation("Purged {Outbox} sent outbox rows and {Inbox} inbox rows", outbox, inbox);
        return (outbox, inbox);
    }
}

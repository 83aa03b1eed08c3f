using MhAll.Messaging;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Panel.Data;

public sealed class PanelDbContext(DbContextOptions<PanelDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model) => model.AddMessagingTables().AddErasureLedger();
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class PanelDesignTimeFactory : IDesignTimeDbContextFactory<PanelDbContext>
{
    public PanelDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PanelDbContext>()
        .UseNpgsql("Host=localhost;Database=panel").UseSnakeCaseNamingConvention().Options);
}

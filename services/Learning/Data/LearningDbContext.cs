using MhAll.Messaging;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Learning.Data;

public sealed class LearningDbContext(DbContextOptions<LearningDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<RegisteredVolunteer> RegisteredVolunteers => Set<RegisteredVolunteer>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.Entity<RegisteredVolunteer>(e =>
        {
            e.HasKey(v => v.VolunteerId);
            e.Property(v => v.AgeBand).HasMaxLength(10);
            e.Property(v => v.EthnicGroup).HasMaxLength(40);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class LearningDesignTimeFactory : IDesignTimeDbContextFactory<LearningDbContext>
{
    public LearningDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<LearningDbContext>()
        .UseNpgsql("Host=localhost;Database=learning").UseSnakeCaseNamingConvention().Options);
}

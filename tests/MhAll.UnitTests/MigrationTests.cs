using MhAll.Identity.Data;
using MhAll.Learning.Data;
using MhAll.Panel.Data;
using MhAll.Participation.Data;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.UnitTests;

/// <summary>A model change without its migration would fail at start-up; catch it here instead.</summary>
public sealed class MigrationTests
{
    public static TheoryData<Func<DbContext>> Contexts => new()
    {
        () => new ParticipationDesignTimeFactory().CreateDbContext([]),
        () => new TrainingDesignTimeFactory().CreateDbContext([]),
        () => new PanelDesignTimeFactory().CreateDbContext([]),
        () => new LearningDesignTimeFactory().CreateDbContext([]),
        () => new AccountsDesignTimeFactory().CreateDbContext([]),
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Every_service_model_is_covered_by_its_committed_migrations(Func<DbContext> create)
    {
        using var db = create();
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}

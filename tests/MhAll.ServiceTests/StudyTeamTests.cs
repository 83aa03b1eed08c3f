using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MhAll.ServiceTests;

public sealed class StudyTeamFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning);

/// <summary>A study's own figures in Learning: its team and programme staff see them; to anyone else the study does not exist.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class StudyFiguresAccessTests(StudyTeamFactory factory) : IClassFixture<StudyTeamFactory>
{
    private static string Url(Guid study, string population = "invited") =>
        $"/api/learning/representation?population={population}&study={study}&dimension=sex";

    private async Task<Guid> StudyWithInvitationsAsync(string owner)
    {
        var study = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new StudyTeamChanged(study, owner, DateTimeOffset.UtcNow));
        for (var i = 0; i < 10; i++)
            await factory.Harness.Bus.Publish(new VolunteerInvited(Guid.NewGuid(), study, Guid.NewGuid(), DateTimeOffset.UtcNow, "35-44", "black-african",
                "female", "E09000030", 2));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.StudyTeams.AnyAsync(t => t.StudyId == study)
                                                                    && await db.StudyParticipants.CountAsync(p => p.StudyId == study) == 10);
        return study;
    }

    [Fact]
    public async Task The_study_s_own_researcher_and_coordinators_see_its_invited_and_enrolled_people()
    {
        var owner = Guid.NewGuid().ToString();
        var study = await StudyWithInvitationsAsync(owner);

        foreach (var population in new[] { "invited", "enrolled" })
        {
            var mine = await factory.CreateClient().As(Roles.Researcher, owner).GetAsync(Url(study, population));
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Coordinator).GetAsync(Url(study, population))).StatusCode);
        }
        var invited = await factory.CreateClient().As(Roles.Researcher, owner).GetFromJsonAsync<JsonElement>(Url(study));
        Assert.Equal(10, invited.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Partner)]
    public async Task Anyone_else_is_told_the_study_is_not_found_exactly_as_for_a_study_that_does_not_exist(string role)
    {
        var study = await StudyWithInvitationsAsync(Guid.NewGuid().ToString());

        foreach (var population in new[] { "invited", "enrolled" })
        {
            var someoneElses = await factory.CreateClient().As(role).GetAsync(Url(study, population));
            var none = await factory.CreateClient().As(role).GetAsync(Url(Guid.NewGuid(), population));
            await someoneElses.AssertProblemAsync(HttpStatusCode.NotFound);
            await none.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        // The register as a whole stays open to them.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(role).GetAsync("/api/learning/representation?dimension=sex")).StatusCode);
    }

    [Fact]
    public async Task An_older_announcement_of_the_team_arriving_late_changes_nothing()
    {
        var (owner, former) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var study = await StudyWithInvitationsAsync(owner);
        var late = NewId.NextGuid();
        await factory.Harness.Bus.Publish(new StudyTeamChanged(study, former, DateTimeOffset.UtcNow.AddDays(-1)), context => context.MessageId = late);
        await factory.WaitUntilAsync<LearningDbContext>(db => db.InboxMessages.AnyAsync(m => m.MessageId == late));

        await (await factory.CreateClient().As(Roles.Researcher, former).GetAsync(Url(study))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Researcher, owner).GetAsync(Url(study))).StatusCode);
    }
}

public sealed class StudyTeamAnnouncementFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>Participation tells Learning who is on a study's team: new studies as they are submitted, existing ones once, by migration.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class StudyTeamAnnouncementTests(StudyTeamAnnouncementFactory factory) : IClassFixture<StudyTeamAnnouncementFactory>
{
    [Fact]
    public async Task Submitting_a_study_announces_its_researcher_as_its_team()
    {
        var researcher = Guid.NewGuid().ToString();
        var created = await factory.CreateClient().As(Roles.Researcher, researcher).PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Sleep and low mood", laySummary = "Does a sleep course help people whose mood is low?", sponsor = "Barts Health",
            sites = new[] { "Royal London Hospital" }, boroughs = new[] { "E09000030" }, eligibility = new { minAge = 18 }, recruitmentTarget = 30,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.True(await factory.PublishedAsync<StudyTeamChanged>(e => e.StudyId == id && e.OwnerSubjectId == researcher));
    }

    [Fact]
    public async Task Studies_submitted_before_teams_were_announced_are_announced_once_by_the_migration()
    {
        var connectionString = await (await SharedPostgres.GetAsync()).CreateDatabaseAsync("participation_teams");
        await using var db = new ParticipationDbContext(new DbContextOptionsBuilder<ParticipationDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        var migrations = db.Database.GetMigrations().ToList();
        var announcing = migrations.FindIndex(m => m.EndsWith("_AnnounceExistingStudyTeams", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[announcing - 1]);
        var study = new Study
        {
            Id = Guid.CreateVersion7(), OwnerSubjectId = "researcher-before", Title = "An older study", LaySummary = "Submitted last month.",
            Sponsor = "Barts Health", Eligibility = new Eligibility(), SubmittedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
        };
        // Columns added by later migrations are there only for the insert.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE studies ADD COLUMN revision integer NOT NULL DEFAULT 1, ADD COLUMN approved_revision integer");
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE studies DROP COLUMN revision, DROP COLUMN approved_revision");

        await migrator.MigrateAsync();

        var outbox = await db.OutboxMessages.AsNoTracking().ToListAsync();
        var row = Assert.Single(outbox);
        Assert.Equal(typeof(StudyTeamChanged), MessageTypes.Resolve(row.MessageType));
        var announced = JsonSerializer.Deserialize<StudyTeamChanged>(row.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(new StudyTeamChanged(study.Id, "researcher-before", study.SubmittedAt), announced);
    }
}

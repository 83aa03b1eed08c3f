using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MhAll.Participation.Data;
using MhAll.Participation.Features.Studies;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class StudyRevisionFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation)
{
    public SaveBarrier Barrier { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureDbContext<ParticipationDbContext>(options => options.AddInterceptors(Barrier));
}

/// <summary>
/// Revising a study: every revision kept; a material one sends an approved study back to review, where it neither
/// matches nor invites until approved again; the rest keep it recruiting. Each test has a language code of its own.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class StudyRevisionTests(StudyRevisionFactory factory) : IClassFixture<StudyRevisionFactory>
{
    private const string Studies = "/api/participation/studies";
    private const string TowerHamlets = "E09000030", Hackney = "E09000012";

    private static JsonObject Details(string language) => new()
    {
        ["title"] = "Walking groups and low mood",
        ["laySummary"] = "Whether a weekly walking group helps people whose mood is low.",
        ["irasId"] = "323456", ["sponsor"] = "Queen Mary University of London", ["sites"] = new JsonArray("Mile End Hospital", "Homerton Hospital"),
        ["boroughs"] = new JsonArray(TowerHamlets), ["eligibility"] = new JsonObject { ["minAge"] = 18, ["languages"] = new JsonArray(language) },
        ["recruitmentTarget"] = 40, ["startDate"] = "2027-01-04", ["endDate"] = "2027-12-17",
    };

    private static JsonObject Revised(string language, int revision, Action<JsonObject> change)
    {
        var body = Details(language);
        body["revision"] = revision;
        change(body);
        return body;
    }

    private async Task<(HttpClient Team, Guid StudyId)> StudyAsync(string language, bool approve = true)
    {
        var team = factory.CreateClient().As(Roles.Researcher);
        var created = await team.PostAsJsonAsync(Studies, Details(language));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (approve) Assert.Equal("active", await ApproveAsync(id));
        return (team, id);
    }

    private async Task<string?> ApproveAsync(Guid id, int? revision = null)
    {
        var approved = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active", revision });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static async Task<JsonElement> ReviseAsync(HttpClient client, Guid id, JsonObject body)
    {
        var response = await client.PutAsJsonAsync($"{Studies}/{id}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<List<JsonElement>> RevisionsAsync(HttpClient client, Guid id) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"{Studies}/{id}/revisions")).GetProperty("items").EnumerateArray()];

    private static List<string> Fields(JsonElement revision) =>
        [.. revision.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()!)];

    private Task AddVolunteersAsync(int count, string language) =>
        RegisterSeeding.AddVolunteersAsync(factory.Services, count, language, "black-african", imdDecile: 2);

    private static async Task<HttpResponseMessage> ProposeAsync(HttpClient team, Guid id) =>
        await team.PostAsJsonAsync($"{Studies}/{id}/matches", new { size = 10 });

    private async Task<int> InvitationsAsync(Guid studyId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Invitations.CountAsync(i => i.StudyId == studyId);
    }

    [Fact]
    public async Task A_material_revision_sends_an_active_study_back_to_review_where_it_neither_matches_nor_invites_until_approved_again()
    {
        var (team, id) = await StudyAsync("qba");
        await AddVolunteersAsync(30, "qba");
        var first = await ProposeAsync(team, id);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var invited = await team.PostAsJsonAsync($"{Studies}/{id}/invitations",
            new { proposalId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var open = (await (await ProposeAsync(team, id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var revised = await ReviseAsync(team, id, Revised("qba", 1, b => b["eligibility"]!["maxAge"] = 60));

        Assert.Equal(("in-review", 2), (revised.GetProperty("status").GetString(), revised.GetProperty("revision").GetInt32()));
        var refused = await (await ProposeAsync(team, id)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("back in review", refused.GetProperty("title").GetString());
        await (await team.PostAsJsonAsync($"{Studies}/{id}/invitations", new { proposalId = open })).AssertProblemAsync(HttpStatusCode.Conflict);
        // Those already invited stay invited; the study is not listed while in review.
        Assert.Equal(10, await InvitationsAsync(id));
        await (await factory.CreateClient().As(Roles.Volunteer).GetAsync($"{Studies}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("active", await ApproveAsync(id, revision: 2));
        Assert.Equal(HttpStatusCode.OK, (await ProposeAsync(team, id)).StatusCode);
        // A batch drawn for the criteria before the revision is not confirmed, even once approved again.
        var stale = await (await team.PostAsJsonAsync($"{Studies}/{id}/invitations", new { proposalId = open })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("revised since this batch was proposed", stale.GetProperty("title").GetString());
        Assert.Equal(10, await InvitationsAsync(id));
    }

    [Fact]
    public async Task While_a_revision_waits_in_review_invited_volunteers_read_the_approved_text_and_the_new_text_once_approved()
    {
        var (team, id) = await StudyAsync("qbk");
        var subject = Guid.NewGuid().ToString();
        var volunteerId = (await RegisterSeeding.AddVolunteersAsync(factory.Services, 1, "qbk", "black-african", subject: subject)).Single();
        var proposalId = await RegisterSeeding.ProposalAsync(factory.Services, id, [volunteerId]);
        Assert.Equal(HttpStatusCode.OK, (await team.PostAsJsonAsync($"{Studies}/{id}/invitations", new { proposalId })).StatusCode);
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        async Task<JsonElement> ShownAsync() =>
            (await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations")).GetProperty("items")[0].GetProperty("study");

        await ReviseAsync(team, id, Revised("qbk", 1, b => (b["title"], b["laySummary"]) = ("Walking groups, low mood and sleep", "A draft not yet approved.")));
        var shown = await ShownAsync();
        Assert.Equal(("Walking groups and low mood", "Whether a weekly walking group helps people whose mood is low.", "in-review"),
            (shown.GetProperty("title").GetString(), shown.GetProperty("laySummary").GetString(), shown.GetProperty("status").GetString()));
        // Answering shows the same approved text.
        var invitationId = (await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var answered = await volunteer.PostAsJsonAsync($"/api/participation/volunteers/me/invitations/{invitationId}/answer", new { status = "interested" });
        Assert.Equal("Walking groups and low mood", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("study").GetProperty("title").GetString());

        Assert.Equal("active", await ApproveAsync(id, revision: 2));
        Assert.Equal("Walking groups, low mood and sleep", (await ShownAsync()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("title")]
    [InlineData("laySummary")]
    [InlineData("sites")]
    [InlineData("boroughs")]
    [InlineData("representationTargets")]
    [InlineData("eligibility.languages")]
    public async Task Each_change_to_who_is_eligible_or_what_volunteers_are_told_is_material(string field)
    {
        var (team, id) = await StudyAsync("qbb");
        var revised = await ReviseAsync(team, id, Revised("qbb", 1, b =>
        {
            switch (field)
            {
                case "title": b["title"] = "Walking groups, low mood and sleep"; break;
                case "laySummary": b["laySummary"] = "Whether a weekly walking group helps people who sleep badly."; break;
                case "sites": b["sites"] = new JsonArray("Mile End Hospital", "Homerton Hospital", "Newham Centre for Mental Health"); break;
                case "boroughs": b["boroughs"] = new JsonArray(TowerHamlets, Hackney); break;
                case "representationTargets":
                    b["representationTargets"] = new JsonArray(new JsonObject { ["dimension"] = "imd-quintile", ["group"] = "1", ["share"] = 0.4 });
                    break;
                default: b["eligibility"]!["languages"] = new JsonArray("qbb", "qbc"); break;
            }
        }));

        Assert.Equal("in-review", revised.GetProperty("status").GetString());
        var revision = (await RevisionsAsync(team, id))[^1];
        Assert.Equal([field], Fields(revision));
        Assert.True(revision.GetProperty("material").GetBoolean());
    }

    [Fact]
    public async Task A_change_to_the_target_dates_or_ids_keeps_an_active_study_recruiting_and_a_reordered_list_is_no_change()
    {
        var (team, id) = await StudyAsync("qbd");
        await AddVolunteersAsync(10, "qbd");

        var revised = await ReviseAsync(team, id, Revised("qbd", 1, b =>
        {
            b["recruitmentTarget"] = 60;
            b["endDate"] = "2028-03-31";
            b["isrctnId"] = "ISRCTN87654321";
        }));

        Assert.Equal(("active", 2), (revised.GetProperty("status").GetString(), revised.GetProperty("revision").GetInt32()));
        var revision = (await RevisionsAsync(team, id))[^1];
        Assert.Equal(["isrctnId", "recruitmentTarget", "endDate"], Fields(revision));
        Assert.False(revision.GetProperty("material").GetBoolean());
        Assert.Equal(("active", "active"), (revision.GetProperty("statusBefore").GetString(), revision.GetProperty("statusAfter").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await ProposeAsync(team, id)).StatusCode);

        // The same details again, sites in another order: nothing changed, nothing recorded.
        var same = await ReviseAsync(team, id, Revised("qbd", 2, b =>
        {
            b["sites"] = new JsonArray("Homerton Hospital", "Mile End Hospital");
            b["recruitmentTarget"] = 60;
            b["endDate"] = "2028-03-31";
            b["isrctnId"] = "ISRCTN87654321";
        }));
        Assert.Equal(("active", 2), (same.GetProperty("status").GetString(), same.GetProperty("revision").GetInt32()));
        Assert.Equal(2, (await RevisionsAsync(team, id)).Count);
    }

    [Fact]
    public async Task A_study_not_yet_approved_just_takes_the_revision_and_its_revisions_are_listed_from_the_submission()
    {
        var (team, id) = await StudyAsync("qbe", approve: false);
        await ReviseAsync(team, id, Revised("qbe", 1, b => b["laySummary"] = "Whether walking together lifts low mood."));
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var third = await ReviseAsync(coordinator, id, Revised("qbe", 2, b =>
        {
            b["laySummary"] = "Whether walking together lifts low mood.";
            b["recruitmentTarget"] = 45;
        }));
        Assert.Equal(("in-review", 3), (third.GetProperty("status").GetString(), third.GetProperty("revision").GetInt32()));

        foreach (var reader in new[] { team, coordinator })
        {
            var revisions = await RevisionsAsync(reader, id);
            Assert.Equal([1, 2, 3], revisions.Select(r => r.GetProperty("number").GetInt32()));
            Assert.Empty(Fields(revisions[0]));
            Assert.Equal("Whether a weekly walking group helps people whose mood is low.",
                revisions[0].GetProperty("snapshot").GetProperty("laySummary").GetString());
            Assert.Equal(("laySummary", true), (Assert.Single(Fields(revisions[1])), revisions[1].GetProperty("material").GetBoolean()));
            Assert.Equal(("recruitmentTarget", false), (Assert.Single(Fields(revisions[2])), revisions[2].GetProperty("material").GetBoolean()));
            Assert.Equal(45, revisions[2].GetProperty("snapshot").GetProperty("recruitmentTarget").GetInt32());
            Assert.All(revisions, r => Assert.Equal(("in-review", "in-review"), (r.GetProperty("statusBefore").GetString(), r.GetProperty("statusAfter").GetString())));
            Assert.Equal(["study-team", "study-team", "programme-staff"], revisions.Select(r => r.GetProperty("revisedByRole").GetString()));
            // Which member of programme staff it was is theirs to know, not the team's.
            Assert.Equal(reader == coordinator, revisions[2].GetProperty("revisedBy").ValueKind == JsonValueKind.String);
            Assert.Equal(revisions[0].GetProperty("revisedBy").GetString(), revisions[1].GetProperty("revisedBy").GetString());
        }
    }

    [Fact]
    public async Task Another_researcher_is_told_the_study_is_not_found_and_other_roles_are_refused()
    {
        var (_, id) = await StudyAsync("qbf");
        var other = factory.CreateClient().As(Roles.Researcher);
        await (await other.PutAsJsonAsync($"{Studies}/{id}", Revised("qbf", 1, b => b["title"] = "Mine now"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"{Studies}/{id}/revisions")).AssertProblemAsync(HttpStatusCode.NotFound);
        var volunteer = factory.CreateClient().As(Roles.Volunteer);
        await (await volunteer.PutAsJsonAsync($"{Studies}/{id}", Revised("qbf", 1, _ => { }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await volunteer.GetAsync($"{Studies}/{id}/revisions")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Single(await RevisionsAsync(factory.CreateClient().As(Roles.Coordinator), id));
    }

    [Fact]
    public async Task A_revision_is_checked_as_a_submission_is_and_names_the_revision_it_changes()
    {
        var (team, id) = await StudyAsync("qbg");
        var body = Revised("qbg", 1, b => b["eligibility"]!["minAge"] = 16);
        body.Remove("revision");
        await (await team.PutAsJsonAsync($"{Studies}/{id}", body)).AssertValidationProblemAsync("eligibility.minAge", "revision");
        await (await team.PutAsJsonAsync($"{Studies}/{id}", Revised("qbg", 1, b => b["sites"] = new JsonArray())))
            .AssertValidationProblemAsync("sites");
        Assert.Single(await RevisionsAsync(team, id));
    }

    [Fact]
    public async Task A_revision_of_a_revision_since_replaced_is_refused_and_so_is_an_approval_of_one()
    {
        var (team, id) = await StudyAsync("qbh", approve: false);
        await ReviseAsync(team, id, Revised("qbh", 1, b => b["title"] = "Walking groups for low mood"));

        var stale = await (await team.PutAsJsonAsync($"{Studies}/{id}", Revised("qbh", 1, b => b["recruitmentTarget"] = 80)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("revision 2", stale.GetProperty("title").GetString());
        var approval = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active", revision = 1 });
        await approval.AssertProblemAsync(HttpStatusCode.Conflict);
        var study = await team.GetFromJsonAsync<JsonElement>($"{Studies}/{id}");
        Assert.Equal(("in-review", 40, 2), (study.GetProperty("status").GetString(), study.GetProperty("recruitmentTarget").GetInt32(),
            study.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task Two_revisions_of_the_same_revision_read_together_give_one_winner_and_a_409_for_the_other()
    {
        var (team, id) = await StudyAsync("qbi");
        var coordinator = factory.CreateClient().As(Roles.Coordinator);

        factory.Barrier.Arm(db => db.ChangeTracker.Entries<StudyRevision>().Any(e => e.State == EntityState.Added && e.Entity.StudyId == id));
        var responses = await Task.WhenAll(
            team.PutAsJsonAsync($"{Studies}/{id}", Revised("qbi", 1, b => b["recruitmentTarget"] = 50)),
            coordinator.PutAsJsonAsync($"{Studies}/{id}", Revised("qbi", 1, b => b["title"] = "Walking groups for low mood")));

        var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        await Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK).AssertProblemAsync(HttpStatusCode.Conflict);
        var revisions = await RevisionsAsync(team, id);
        Assert.Equal([1, 2], revisions.Select(r => r.GetProperty("number").GetInt32()));
        var study = await team.GetFromJsonAsync<JsonElement>($"{Studies}/{id}");
        // Exactly the winner's change: the material one sent the study to review, the other kept it active.
        var materialWon = won == responses[1];
        Assert.Equal(materialWon ? ("in-review", 40) : ("active", 50),
            (study.GetProperty("status").GetString(), study.GetProperty("recruitmentTarget").GetInt32()));
        Assert.Equal(materialWon, revisions[1].GetProperty("material").GetBoolean());
    }

    [Theory]
    [InlineData("closed-to-accrual")]
    [InlineData("withdrawn")]
    public async Task A_closed_or_withdrawn_study_cannot_be_revised(string status)
    {
        var (team, id) = await StudyAsync("qbj");
        Assert.Equal(HttpStatusCode.OK, (await team.PostAsJsonAsync($"{Studies}/{id}/status", new { status })).StatusCode);

        var refused = await (await team.PutAsJsonAsync($"{Studies}/{id}", Revised("qbj", 1, b => b["recruitmentTarget"] = 60)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(status, refused.GetProperty("title").GetString());
        Assert.Single(await RevisionsAsync(team, id));
    }

    [Fact]
    public async Task Studies_submitted_before_revisions_were_kept_get_revision_1_from_the_migration_as_the_service_writes_it()
    {
        var connectionString = await (await SharedPostgres.GetAsync()).CreateDatabaseAsync("participation_revisions");
        await using var db = new ParticipationDbContext(new DbContextOptionsBuilder<ParticipationDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        var migrations = db.Database.GetMigrations().ToList();
        var revisions = migrations.FindIndex(m => m.EndsWith("_StudyRevisions", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[revisions - 1]);
        var study = new Study
        {
            Id = Guid.CreateVersion7(), OwnerSubjectId = "researcher-before", Title = "An older study", LaySummary = "Submitted last month.",
            Sponsor = "Barts Health", Sites = ["Royal London Hospital"], Boroughs = [TowerHamlets, Hackney],
            Eligibility = new Eligibility { MinAge = 25, Languages = ["bn", "en"], ImdDeciles = [1, 2], ImdEdition = 2019 },
            RepresentationTargets = [new RepresentationTarget { Dimension = "imd-quintile", Group = "1", Share = 0.35 }],
            RecruitmentTarget = 120, StartDate = new DateOnly(2027, 2, 1), Status = StudyStatuses.Active,
            SubmittedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
        };
        // Written by EF itself, as the service wrote studies then: the columns this and later migrations add are there only for the insert.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE studies ADD COLUMN revision integer NOT NULL DEFAULT 1, ADD COLUMN approved_revision integer");
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE studies DROP COLUMN revision, DROP COLUMN approved_revision");

        await migrator.MigrateAsync();

        var row = await db.StudyRevisions.AsNoTracking().SingleAsync();
        Assert.Equal((study.Id, 1, "researcher-before", study.SubmittedAt, false), (row.StudyId, row.Number, row.RevisedBy, row.RevisedAt, row.Material));
        Assert.Empty(row.ChangedFields);
        var expected = StudyRevisions.Submitted(study).Snapshot;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(row.Snapshot)), $"{row.Snapshot}\nis not\n{expected}");
        var migrated = await db.Studies.AsNoTracking().SingleAsync();
        Assert.Equal((1, 1), (migrated.Revision, migrated.ApprovedRevision)); // active: what it was approved as
    }
}

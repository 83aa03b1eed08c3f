using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Learning.Data;
using MhAll.Messaging.Audit;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MhAll.ServiceTests;

public sealed class AuditFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>
/// Every read of contact details, coordinator read of a volunteer's record, subject-access export and raw figure
/// leaves an entry in the service's audit trail, which programme staff query and nobody can change.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class AuditTrailTests(AuditFactory factory) : IClassFixture<AuditFactory>
{
    private const string Audit = "/api/participation/admin/audit";

    private async Task<JsonElement> TrailAsync(string query)
    {
        var response = await factory.CreateClient().As(Roles.Coordinator).GetAsync($"{Audit}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private async Task<Guid> AddVolunteerAsync(string subject)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var id = Guid.CreateVersion7();
        db.Volunteers.Add(new Volunteer
        {
            Id = id, SubjectId = subject, FirstName = "Test", LastName = "Person", Email = $"{id:N}@example.org", ContactChannels = ["email"],
            YearOfBirth = 1985, AgeBand = "35-44", EthnicGroup = "black-african", Relationships = ["carer"], RegisteredAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<(HttpClient Researcher, Guid StudyId)> StudyAsync()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var created = await researcher.PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Peer support after discharge", laySummary = "Whether peer support in the first month after discharge helps people stay well.",
            irasId = "312346", sponsor = "Queen Mary University of London", sites = new[] { "Mile End Hospital" }, boroughs = new[] { "E09000030" },
            eligibility = new { minAge = 18 }, recruitmentTarget = 20, startDate = "2027-01-04", endDate = "2027-12-17",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (researcher, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_study_team_reading_contact_details_is_audited_once_per_person_shown_and_not_for_those_hidden()
    {
        var (researcher, studyId) = await StudyAsync();
        var interested = await AddVolunteerAsync(Guid.NewGuid().ToString());
        var invited = await AddVolunteerAsync(Guid.NewGuid().ToString());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            db.Invitations.AddRange(
                new Invitation { Id = Guid.NewGuid(), StudyId = studyId, VolunteerId = interested, InvitedAt = DateTimeOffset.UtcNow, Status = InvitationStatuses.Interested, InterestedAt = DateTimeOffset.UtcNow },
                new Invitation { Id = Guid.NewGuid(), StudyId = studyId, VolunteerId = invited, InvitedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var list = await researcher.GetFromJsonAsync<JsonElement>($"/api/participation/studies/{studyId}/invitations");
        Assert.Single(Items(list), i => i.GetProperty("contact").ValueKind == JsonValueKind.Object);

        var entry = Assert.Single(Items(await TrailAsync($"subject={interested}")));
        Assert.Equal(AuditActions.ContactDetailsRead, entry.GetProperty("action").GetString());
        Assert.Equal(Roles.Researcher, entry.GetProperty("actorRole").GetString());
        Assert.Equal($"GET /api/participation/studies/{studyId}/invitations", entry.GetProperty("request").GetString());
        Assert.Empty(Items(await TrailAsync($"subject={invited}")));
    }

    [Fact]
    public async Task A_subject_access_export_and_a_coordinator_reading_a_record_are_audited_and_the_entries_outlive_erasure()
    {
        var subject = Guid.NewGuid().ToString();
        var id = await AddVolunteerAsync(subject);
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        Assert.Equal(HttpStatusCode.OK, (await volunteer.GetAsync("/api/participation/volunteers/me/data")).StatusCode);
        var coordinator = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Coordinator, coordinator).GetAsync($"/api/participation/volunteers/{id}")).StatusCode);

        var export = Assert.Single(Items(await TrailAsync($"actor={subject}")));
        Assert.Equal(AuditActions.SubjectAccessExport, export.GetProperty("action").GetString());
        Assert.Equal(id.ToString(), export.GetProperty("subjectId").GetString());
        var read = Assert.Single(Items(await TrailAsync($"actor={coordinator}&action={AuditActions.VolunteerRecordRead}")));
        Assert.Equal(id.ToString(), read.GetProperty("subjectId").GetString());

        // The trail holds ids, not personal data: erasure leaves it, so who saw the record stays accountable.
        Assert.Equal(HttpStatusCode.NoContent, (await volunteer.DeleteAsync("/api/participation/volunteers/me")).StatusCode);
        Assert.Equal(2, (await TrailAsync($"subject={id}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Raw_figures_are_audited_for_programme_staff_and_protected_ones_are_not()
    {
        var (researcher, studyId) = await StudyAsync();
        var coordinator = Guid.NewGuid().ToString();
        var staff = factory.CreateClient().As(Roles.Coordinator, coordinator);

        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync($"/api/participation/studies/{studyId}/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync($"/api/participation/studies/{studyId}/feasibility")).StatusCode);
        Assert.Empty(Items(await TrailAsync($"subject={Uri.EscapeDataString($"study-funnel {studyId}")}")));

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/participation/studies/{studyId}/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/participation/studies/{studyId}/feasibility")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync("/api/participation/feasibility", new { criteria = new { minAge = 30 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/participation/interviews/themes")).StatusCode);

        var figures = Items(await TrailAsync($"actor={coordinator}&action={AuditActions.RawFigureRead}")).Select(e => e.GetProperty("subjectId").GetString()!).ToList();
        Assert.Equal(4, figures.Count);
        Assert.Contains($"study-funnel {studyId}", figures);
        Assert.Contains($"study-feasibility {studyId}", figures);
        Assert.Contains(figures, f => f.StartsWith("feasibility {", StringComparison.Ordinal) && f.Contains("\"minAge\":30"));
        Assert.Contains("interview-themes", figures);
        Assert.Empty(Items(await TrailAsync($"actor={coordinator}&action={AuditActions.ContactDetailsRead}")));
    }

    [Fact]
    public async Task The_trail_is_for_programme_staff_pages_newest_first_and_refuses_unknown_filters()
    {
        var subject = Guid.NewGuid().ToString();
        await AddVolunteerAsync(subject);
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        for (var i = 0; i < 3; i++) await volunteer.GetAsync("/api/participation/volunteers/me/data");

        var page = await TrailAsync($"actor={subject}&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        var times = Items(page).Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[0] >= times[1]);
        var all = Items(await TrailAsync($"actor={subject}"));
        var from = Uri.EscapeDataString(all[0].GetProperty("at").GetDateTimeOffset().ToString("O"));
        Assert.Single(Items(await TrailAsync($"actor={subject}&from={from}")));
        Assert.Equal(2, (await TrailAsync($"actor={subject}&to={from}")).GetProperty("total").GetInt32());

        await (await factory.CreateClient().As(Roles.Coordinator).GetAsync($"{Audit}?action=looked")).AssertValidationProblemAsync("action");
        await (await factory.CreateClient().As(Roles.Coordinator).GetAsync($"{Audit}?from=2026-12-02&to=2026-12-01")).AssertValidationProblemAsync("to");
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync(Audit)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

/// <summary>The database itself refuses to change or remove an audit entry, in every service that keeps a trail.</summary>
public abstract class AuditTrailAppendOnlyTests<TDbContext>(ServiceFactory<TDbContext> factory) where TDbContext : DbContext
{
    [Fact]
    public async Task An_audit_entry_cannot_be_updated_deleted_or_truncated()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var id = Guid.CreateVersion7();
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            Id = id, At = DateTimeOffset.UtcNow, ActorSubjectId = "someone", ActorRole = Roles.Coordinator, Action = AuditActions.RawFigureRead,
            SubjectKind = AuditSubjects.Figure, SubjectId = "a figure", Request = "GET /somewhere",
        });
        await db.SaveChangesAsync();

        foreach (var sql in new[]
                 {
                     $"UPDATE audit_entries SET actor_subject_id = 'someone else' WHERE id = '{id}'",
                     $"DELETE FROM audit_entries WHERE id = '{id}'",
                     "TRUNCATE audit_entries",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        Assert.Equal("someone", (await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Id == id)).ActorSubjectId);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class ParticipationAuditTrailAppendOnlyTests(AuditFactory factory)
    : AuditTrailAppendOnlyTests<ParticipationDbContext>(factory), IClassFixture<AuditFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class LearningAuditTrailAppendOnlyTests(LearningFactory factory)
    : AuditTrailAppendOnlyTests<LearningDbContext>(factory), IClassFixture<LearningFactory>;

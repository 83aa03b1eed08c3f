using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

/// <summary>Staff who completed a course, and research champions, made through the API.</summary>
public static class ChampionSeeding
{
    /// <summary>Books the member of staff on the session and records their attendance and completion.</summary>
    public static async Task CompleteAsync(this TrainingFactory factory, HttpClient staff, Guid sessionId)
    {
        var enrolment = (await staff.EnrolAsync(sessionId)).GetProperty("id").GetGuid();
        var coordinator = factory.Coordinator();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"{Api}/enrolments/{enrolment}/completion", null)).StatusCode);
    }

    /// <summary>A session of a research champion course, open to all, with room for <paramref name="capacity"/>.</summary>
    public static async Task<Guid> ChampionSessionAsync(this TrainingFactory factory, int capacity = 20) =>
        await factory.SessionAsync(await factory.CourseAsync(tags: ["research-champion"], title: "Becoming a research champion"), capacity, released: true);

    /// <summary>A member of staff of the organisation who completed the champion course and was appointed.</summary>
    public static async Task<(HttpClient Client, Guid ProfileId, Guid ChampionId)> ChampionAsync(this TrainingFactory factory, Guid organisationId,
        Guid championSession)
    {
        var (staff, profileId) = await factory.StaffAsync(organisationId);
        await factory.CompleteAsync(staff, championSession);
        var appointed = await factory.Coordinator().PostAsJsonAsync($"{Api}/champions", new { profileId });
        Assert.Equal(HttpStatusCode.Created, appointed.StatusCode);
        return (staff, profileId, (await appointed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingChampionTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_champion_is_appointed_only_after_the_champion_course_counts_in_their_organisation_and_icb_and_stands_down_dated()
    {
        var organisation = await factory.OrganisationAsync("local-authority");
        var (staff, profileId) = await factory.StaffAsync(organisation, "social-work");
        var coordinator = factory.Coordinator();

        var refused = await (await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("research-champion", refused.GetProperty("detail").GetString());
        // Another course is not the champion course.
        await factory.CompleteAsync(staff, await factory.SessionAsync(await factory.CourseAsync(), 10, released: true));
        await (await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PostAsJsonAsync($"{Api}/champions", new { })).AssertValidationProblemAsync("profileId");
        await (await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId = Guid.NewGuid() })).AssertValidationProblemAsync("profileId");
        await (await staff.PostAsJsonAsync($"{Api}/champions", new { profileId })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await staff.GetAsync($"{Api}/champions/me")).AssertProblemAsync(HttpStatusCode.NotFound);

        await factory.CompleteAsync(staff, await factory.ChampionSessionAsync());
        var created = await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var champion = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = champion.GetProperty("id").GetGuid();
        Assert.Equal((organisation, NorthEastLondon, "active", Today),
            (champion.GetProperty("organisationId").GetGuid(), champion.GetProperty("icbCode").GetString(), champion.GetProperty("status").GetString(),
                champion.GetProperty("appointedOn").GetString()));
        Assert.True(await factory.PublishedAsync<ChampionAppointed>(m => m.ChampionId == id));
        var appointed = factory.Harness.Published.Select<ChampionAppointed>(m => m.Context.Message.ChampionId == id).Single().Context.Message;
        Assert.Equal((profileId, organisation, "local-authority", NorthEastLondon, "social-work"),
            (appointed.ProfileId, appointed.OrganisationId, appointed.OrganisationType, appointed.IcbCode, appointed.ProfessionGroup));
        await (await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(id, (await staff.GetFromJsonAsync<JsonElement>($"{Api}/champions/me")).GetProperty("id").GetGuid());
        var listed = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions?status=active&organisationId={organisation}");
        Assert.Equal(id, listed.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
        await (await coordinator.GetAsync($"{Api}/champions?status=retired")).AssertValidationProblemAsync("status");

        var standDown = $"{Api}/champions/{id}/stand-down";
        await (await staff.PostAsJsonAsync(standDown, new { on = Today, reason = "Moving on." })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync(standDown, new { on = "2020-01-01", reason = "" })).AssertValidationProblemAsync("on", "reason");
        await (await coordinator.PostAsJsonAsync(standDown, new { reason = "Moving on." })).AssertValidationProblemAsync("on");
        await (await coordinator.PostAsJsonAsync($"{Api}/champions/{Guid.NewGuid()}/stand-down", new { on = Today, reason = "Moving on." }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var stood = await coordinator.PostAsJsonAsync(standDown, new { on = Today, reason = "Moved to a new role." });
        var down = await stood.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("stood-down", Today, "Moved to a new role."),
            (down.GetProperty("status").GetString(), down.GetProperty("stoodDownOn").GetString(), down.GetProperty("stoodDownReason").GetString()));
        Assert.False(string.IsNullOrEmpty(down.GetProperty("stoodDownBy").GetString()));
        Assert.True(await factory.PublishedAsync<ChampionStoodDown>(m => m.ChampionId == id && m.StoodDownOn == DateOnly.FromDateTime(DateTime.UtcNow)));
        await (await coordinator.PostAsJsonAsync(standDown, new { on = Today, reason = "Again." })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await staff.PostAsJsonAsync($"{Api}/champions/me/activities", new { kind = "talk", on = Today, count = 5 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        // Stood down, they may be appointed again.
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"{Api}/champions", new { profileId })).StatusCode);
    }

    [Fact]
    public async Task The_activity_log_is_written_and_read_by_its_champion_and_programme_staff_read_any_in_the_audit_trail()
    {
        var organisation = await factory.OrganisationAsync();
        var (champion, profileId, championId) = await factory.ChampionAsync(organisation, await factory.ChampionSessionAsync());
        var (colleague, _) = await factory.StaffAsync(organisation);
        var log = $"{Api}/champions/me/activities";

        await (await champion.PostAsJsonAsync(log, new { kind = "lecture", on = Today, count = 10 })).AssertValidationProblemAsync("kind");
        await (await champion.PostAsJsonAsync(log, new { on = Today, count = 0 })).AssertValidationProblemAsync("kind", "count");
        await (await champion.PostAsJsonAsync(log, new { kind = "talk", on = "2020-01-01", count = 10 })).AssertValidationProblemAsync("on");
        await (await champion.PostAsJsonAsync(log, new { kind = "talk", on = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), count = 10 }))
            .AssertValidationProblemAsync("on");
        await (await champion.PostAsJsonAsync(log, new { kind = "talk", on = Today, count = 10_001 })).AssertValidationProblemAsync("count");
        await (await champion.PostAsJsonAsync(log, new { kind = "talk", on = Today, count = 10, note = new string('a', 501) })).AssertValidationProblemAsync("note");

        var study = Guid.NewGuid();
        var recorded = await champion.PostAsJsonAsync(log, new { kind = "study-promoted", on = Today, count = 40, studyId = study, note = "Team meeting." });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await champion.PostAsJsonAsync(log, new { kind = "signposting-conversation", on = Today, count = 3 })).StatusCode);
        var mine = await champion.GetFromJsonAsync<JsonElement>(log);
        Assert.Equal(2, mine.GetProperty("total").GetInt32());
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), a => a.GetProperty("studyId").GetString() == study.ToString()
            && a.GetProperty("count").GetInt32() == 40 && a.GetProperty("note").GetString() == "Team meeting.");

        // Someone who is not a champion has no log to write, and reads only their own (none).
        await (await colleague.PostAsJsonAsync(log, new { kind = "talk", on = Today, count = 5 })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await colleague.GetFromJsonAsync<JsonElement>(log)).GetProperty("total").GetInt32());
        await (await colleague.GetAsync($"{Api}/champions/{championId}/activities")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync(log, new { kind = "talk", on = Today, count = 5 }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var coordinator = factory.Coordinator();
        var read = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions/{championId}/activities");
        Assert.Equal(2, read.GetProperty("total").GetInt32());
        await (await coordinator.GetAsync($"{Api}/champions/{Guid.NewGuid()}/activities")).AssertProblemAsync(HttpStatusCode.NotFound);
        var audit = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/admin/audit?action=staff-record-read&subject={profileId}");
        Assert.Equal(1, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Erasing_a_champion_s_profile_erases_their_appointment_and_log_and_their_organisation_stays_while_a_champion_counts_there()
    {
        var organisation = await factory.OrganisationAsync();
        var (champion, _, championId) = await factory.ChampionAsync(organisation, await factory.ChampionSessionAsync());
        Assert.Equal(HttpStatusCode.Created, (await champion.PostAsJsonAsync($"{Api}/champions/me/activities", new { kind = "talk", on = Today, count = 12 })).StatusCode);
        // They move: the appointment still counts in the organisation where it was made, which cannot be removed.
        var elsewhere = await factory.OrganisationAsync("vcse");
        Assert.Equal(HttpStatusCode.OK, (await champion.PutAsJsonAsync($"{Api}/profiles/me", new { name = "Sam Okafor", profession = "nursing", organisationId = elsewhere })).StatusCode);
        var coordinator = factory.Coordinator();
        await (await coordinator.DeleteAsync($"{Api}/organisations/{organisation}")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await champion.DeleteAsync($"{Api}/profiles/me")).StatusCode);
        await (await coordinator.GetAsync($"{Api}/champions/{championId}/activities")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions?organisationId={organisation}")).GetProperty("items").EnumerateArray(),
            c => c.GetProperty("id").GetGuid() == championId);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"{Api}/organisations/{organisation}")).StatusCode);
    }
}

/// <summary>Coverage counts every organisation and champion in the database: a class of its own, so they are all the test's.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingChampionCoverageTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task Coverage_is_disclosure_controlled_with_rates_from_published_counts_and_raw_for_programme_staff_in_the_audit_trail()
    {
        const string icb = "E54000026";
        var session = await factory.ChampionSessionAsync(capacity: 20);
        var wellCovered = await factory.OrganisationAsync(icbCode: icb);
        var fewChampions = await factory.OrganisationAsync("vcse", icb);
        var noChampions = await factory.OrganisationAsync("primary-care", icb);
        var noIcb = await factory.OrganisationAsync("vcse", icbCode: null);
        for (var i = 0; i < 9; i++) await factory.ChampionAsync(wellCovered, session);
        var few = new List<Guid>();
        for (var i = 0; i < 3; i++) few.Add((await factory.ChampionAsync(fewChampions, session)).ChampionId);
        // A stood-down champion no longer counts.
        var gone = (await factory.ChampionAsync(fewChampions, session)).ChampionId;
        Assert.Equal(HttpStatusCode.OK, (await factory.Coordinator().PostAsJsonAsync($"{Api}/champions/{gone}/stand-down",
            new { on = DateOnly.FromDateTime(DateTime.UtcNow), reason = "Left the organisation." })).StatusCode);

        var researcher = factory.CreateClient().As(Roles.Researcher);
        var byOrganisation = await researcher.GetFromJsonAsync<JsonElement>($"{Api}/champions/coverage?by=organisation");
        Assert.True(byOrganisation.GetProperty("protected").GetBoolean());
        Assert.Equal(10, byOrganisation.GetProperty("champions").GetInt32()); // 12, rounded
        JsonElement Row(JsonElement coverage, object key) => coverage.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == key.ToString());
        (int? Champions, string Suppression, double? Rate, int WithChampion) Cell(JsonElement row) => (
            row.GetProperty("champions").ValueKind == JsonValueKind.Null ? null : row.GetProperty("champions").GetInt32(),
            row.GetProperty("suppression").GetString()!,
            row.GetProperty("championsPer1000Staff").ValueKind == JsonValueKind.Null ? null : row.GetProperty("championsPer1000Staff").GetDouble(),
            row.GetProperty("organisationsWithChampion").GetInt32());
        // 3 is hidden; so is 9, else 3 would be the total less the rest: neither has a rate.
        Assert.Equal((null, "small", null, 1), Cell(Row(byOrganisation, fewChampions)));
        Assert.Equal((null, "secondary", null, 1), Cell(Row(byOrganisation, wellCovered)));
        Assert.Equal((0, "none", 0.0, 0), Cell(Row(byOrganisation, noChampions)));
        Assert.Equal(500, Row(byOrganisation, noIcb).GetProperty("staff").GetInt32());

        var byIcb = await factory.CreateClient().As(Roles.Staff).GetFromJsonAsync<JsonElement>($"{Api}/champions/coverage?by=icb");
        var area = Row(byIcb, icb);
        Assert.Equal((3, 2, 1500), (area.GetProperty("organisations").GetInt32(), area.GetProperty("organisationsWithChampion").GetInt32(),
            area.GetProperty("staff").GetInt32()));
        // 12 published as 10: the rate is 10 per 1,500 staff, never the true 12.
        Assert.Equal((10, "none", 6.67, 2), Cell(area));
        Assert.Single(byIcb.GetProperty("rows").EnumerateArray());

        await (await researcher.GetAsync($"{Api}/champions/coverage?raw=true")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await researcher.GetAsync($"{Api}/champions/coverage?by=borough")).AssertValidationProblemAsync("by");
        await (await factory.CreateClient().As(Roles.Volunteer).GetAsync($"{Api}/champions/coverage")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var coordinator = factory.Coordinator();
        var raw = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions/coverage?by=organisation&raw=true");
        Assert.False(raw.GetProperty("protected").GetBoolean());
        Assert.Equal((9, "none", 18.0, 1), Cell(Row(raw, wellCovered)));
        Assert.Equal((3, "none", 6.0, 1), Cell(Row(raw, fewChampions)));
        Assert.Equal((12, "none", 8.0, 2), Cell(Row(await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions/coverage?by=icb&raw=true"), icb)));
        var audit = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/admin/audit?action=raw-figure-read");
        Assert.Equal(["champion-coverage by=icb", "champion-coverage by=organisation"],
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subjectId").GetString()));
        // Their protected view is not in the trail.
        await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/champions/coverage");
        Assert.Equal(2, (await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/admin/audit?action=raw-figure-read")).GetProperty("total").GetInt32());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingProfileTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task A_member_of_staff_creates_their_profile_and_an_event_with_categories_only_is_published()
    {
        var vcse = await factory.OrganisationAsync("vcse", NorthEastLondon);
        var client = factory.CreateClient().As(Roles.Staff, Guid.NewGuid().ToString());
        var created = await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            name = "Nasrin Chowdhury", profession = "speech-and-language-therapy", organisationId = vcse,
            interests = new[] { "co-production", "health-inequalities" }, capabilityLevel = "enhanced", capabilityAssessedOn = "2026-09-01",
            ethnicGroup = "asian-bangladeshi", sex = "prefer-not-to-say", ageBand = "35-44", disability = "no",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var profile = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = profile.GetProperty("id").GetGuid();
        Assert.Equal("allied-health", profile.GetProperty("professionGroup").GetString());
        Assert.True(profile.GetProperty("underServed").GetBoolean());
        Assert.Equal("vcse", profile.GetProperty("organisation").GetProperty("type").GetString());
        var mine = await client.GetFromJsonAsync<JsonElement>($"{Api}/profiles/me");
        Assert.Equal(id, mine.GetProperty("id").GetGuid());
        Assert.Equal("enhanced", mine.GetProperty("capabilityLevel").GetString());

        Assert.True(await factory.PublishedAsync<StaffProfileRegistered>(m => m.ProfileId == id));
        var published = factory.Harness.Published.Select<StaffProfileRegistered>(m => m.Context.Message.ProfileId == id).Single().Context;
        Assert.Equal(("allied-health", "vcse", NorthEastLondon, "enhanced", "asian-bangladeshi", true),
            (published.Message.ProfessionGroup, published.Message.OrganisationType, published.Message.IcbCode, published.Message.CapabilityLevel,
                published.Message.EthnicGroup, published.Message.UnderServed));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == published.MessageId);
        Assert.DoesNotContain("Nasrin", row.Payload);

        await (await client.PostAsJsonAsync($"{Api}/profiles", new { name = "Again", profession = "nursing", organisationId = vcse }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Volunteer)]
    public async Task Profiles_of_your_own_are_for_staff_only(string role)
    {
        var client = factory.CreateClient().As(role);
        await (await client.PostAsJsonAsync($"{Api}/profiles", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{Api}/profiles/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"{Api}/profiles/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_names_each_field_and_a_staff_member_without_a_profile_finds_none()
    {
        var client = factory.CreateClient().As(Roles.Staff, Guid.NewGuid().ToString());
        await (await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            name = " ", profession = "surgeon", organisationId = Guid.NewGuid(), interests = new[] { "golf" }, ethnicGroup = "martian",
            sex = "other", ageBand = "12-15", disability = "maybe", capabilityLevel = "expert", capabilityAssessedOn = "2099-01-01",
        })).AssertValidationProblemAsync("name", "profession", "organisationId", "interests", "ethnicGroup", "sex", "ageBand", "disability",
            "capabilityLevel", "capabilityAssessedOn");
        await (await client.PostAsJsonAsync($"{Api}/profiles", new { name = "Sam", profession = "nursing", organisationId = Guid.NewGuid(), pets = 2 }))
            .AssertValidationProblemAsync("pets");
        await (await client.GetAsync($"{Api}/profiles/me")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Api}/profiles/me/export")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Corrections_and_new_assessments_send_changed_categories_and_the_history_keeps_every_assessment()
    {
        var trust = await factory.OrganisationAsync("nhs-trust");
        var (client, id) = await factory.StaffAsync(trust, "nursing", "Jo Adebayo");

        // A new name changes no category: nothing is sent.
        var renamed = await client.PutAsJsonAsync($"{Api}/profiles/me", new { name = "Jo Adebayo-Smith", profession = "nursing", organisationId = trust });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var retrained = await client.PutAsJsonAsync($"{Api}/profiles/me", new { name = "Jo Adebayo-Smith", profession = "occupational-therapy", organisationId = trust });
        Assert.True((await retrained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("underServed").GetBoolean());
        Assert.True(await factory.PublishedAsync<StaffProfileChanged>(m => m.ProfileId == id && m.ProfessionGroup == "allied-health" && m.UnderServed));
        Assert.Single(factory.Harness.Published.Select<StaffProfileChanged>(m => m.Context.Message.ProfileId == id));
        await (await client.PutAsJsonAsync($"{Api}/profiles/me", new { name = "Jo", profession = "wizard", organisationId = trust }))
            .AssertValidationProblemAsync("profession");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Api}/profiles/me/capability", new { level = "entry", assessedOn = "2025-01-10" })).StatusCode);
        var advanced = await client.PostAsJsonAsync($"{Api}/profiles/me/capability", new { level = "advanced", assessedOn = "2026-10-01" });
        Assert.Equal("advanced", (await advanced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capabilityLevel").GetString());
        // An older assessment, recorded late, joins the history without replacing the latest.
        var late = await client.PostAsJsonAsync($"{Api}/profiles/me/capability", new { level = "enhanced", assessedOn = "2025-09-01" });
        Assert.Equal("advanced", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capabilityLevel").GetString());
        var history = await client.GetFromJsonAsync<List<JsonElement>>($"{Api}/profiles/me/capability");
        Assert.Equal(["entry", "enhanced", "advanced"], history!.Select(h => h.GetProperty("level").GetString()));
        Assert.True(await factory.PublishedAsync<StaffProfileChanged>(m => m.ProfileId == id && m.CapabilityLevel == "advanced"));
        await (await client.PostAsJsonAsync($"{Api}/profiles/me/capability", new { level = "guru" })).AssertValidationProblemAsync("level");
    }

    [Fact]
    public async Task Programme_staff_read_a_profile_in_the_audit_trail_and_another_member_of_staff_cannot()
    {
        var trust = await factory.OrganisationAsync();
        var (owner, id) = await factory.StaffAsync(trust);
        var read = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}");
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        await (await factory.CreateClient().As(Roles.Staff).GetAsync($"{Api}/profiles/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.Coordinator().GetAsync($"{Api}/profiles/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.SubjectId == id.ToString() && a.Action == AuditActions.StaffRecordRead));
    }

    [Fact]
    public async Task The_export_holds_everything_and_is_in_the_audit_trail()
    {
        var trust = await factory.OrganisationAsync();
        var (client, id) = await factory.StaffAsync(trust, name: "Priya Natarajan");
        await client.PostAsJsonAsync($"{Api}/profiles/me/capability", new { level = "entry" });
        var session = await factory.SessionAsync(await factory.CourseAsync(title: "Asking good questions"), capacity: 5, released: true);
        await client.EnrolAsync(session);

        var export = await client.GetAsync($"{Api}/profiles/me/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var copy = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Priya Natarajan", copy.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("entry", copy.GetProperty("capabilityHistory")[0].GetProperty("level").GetString());
        Assert.Equal("Asking good questions", copy.GetProperty("enrolments")[0].GetProperty("courseTitle").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.SubjectId == id.ToString() && a.Action == AuditActions.SubjectAccessExport));
    }

    [Fact]
    public async Task Erasure_frees_the_place_for_the_next_person_withdraws_certificates_and_keeps_counts_without_the_person()
    {
        var trust = await factory.OrganisationAsync();
        var (leaver, id) = await factory.StaffAsync(trust, name: "Leaving Person");
        var (waiting, _) = await factory.StaffAsync(trust);
        var done = await factory.SessionAsync(await factory.CourseAsync(), capacity: 5, released: true);
        var enrolment = (await leaver.EnrolAsync(done)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await factory.Coordinator().PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = true })).StatusCode);
        var certificate = await factory.Coordinator().PostAsync($"{Api}/enrolments/{enrolment}/completion", null);
        var code = (await certificate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var full = await factory.SessionAsync(await factory.CourseAsync(), capacity: 1, released: true);
        await leaver.EnrolAsync(full);
        Assert.Equal("waitlisted", (await waiting.EnrolAsync(full)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await leaver.DeleteAsync($"{Api}/profiles/me")).StatusCode);

        await (await leaver.GetAsync($"{Api}/profiles/me")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("booked", (await waiting.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single().GetProperty("status").GetString());
        await (await factory.CreateClient().GetAsync($"{Api}/certificates/verify/{code}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await factory.PublishedAsync<StaffProfileErased>(m => m.ProfileId == id));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        Assert.Equal(EnrolmentStatuses.Completed, (await db.Enrolments.SingleAsync(e => e.Id == enrolment)).Status);
        Assert.False(await db.Enrolments.AnyAsync(e => e.ProfileId == id));
        Assert.False(await db.CapabilityAssessments.AnyAsync(a => a.ProfileId == id));
        Assert.True(await db.ErasedProfiles.AnyAsync(e => e.ProfileId == id));
        Assert.DoesNotContain(await db.OutboxMessages.Select(m => m.Payload).ToListAsync(), payload => payload.Contains("Leaving Person"));
        var ledger = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Api}/admin/profile-erasures/{id}");
        Assert.True(ledger.GetProperty("recordsErased").GetInt32() >= 4); // profile, certificate, two enrolments
        await (await leaver.GetAsync($"{Api}/admin/profile-erasures/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        // Asking again: there is nothing left to erase.
        await (await leaver.DeleteAsync($"{Api}/profiles/me")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Coordinators_keep_the_list_of_organisations_and_a_change_of_type_sends_the_staff_categories_again()
    {
        var coordinator = factory.Coordinator();
        await (await factory.CreateClient().As(Roles.Staff).PostAsJsonAsync($"{Api}/organisations", new { name = "x", type = "vcse" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync($"{Api}/organisations", new { name = "", type = "charity", icbCode = "E12345", headcount = -3 }))
            .AssertValidationProblemAsync("name", "type", "icbCode", "headcount");
        var name = $"Bromley by Bow Centre {Guid.NewGuid():N}";
        var created = await coordinator.PostAsJsonAsync($"{Api}/organisations", new { name, type = "nhs-trust" });
        var organisation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await (await coordinator.PostAsJsonAsync($"{Api}/organisations", new { name, type = "vcse" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var listed = await factory.CreateClient().As(Roles.Staff).GetFromJsonAsync<JsonElement>($"{Api}/organisations?pageSize=200");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == organisation);

        var (_, id) = await factory.StaffAsync(organisation, "nursing");
        var corrected = await coordinator.PutAsJsonAsync($"{Api}/organisations/{organisation}", new { name, type = "vcse", icbCode = NorthEastLondon });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.True(await factory.PublishedAsync<StaffProfileChanged>(m => m.ProfileId == id && m.OrganisationType == "vcse" && m.UnderServed));
        await (await coordinator.DeleteAsync($"{Api}/organisations/{organisation}")).AssertProblemAsync(HttpStatusCode.Conflict);
        var unused = await factory.OrganisationAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"{Api}/organisations/{unused}")).StatusCode);
        await (await coordinator.GetAsync($"{Api}/organisations/{unused}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

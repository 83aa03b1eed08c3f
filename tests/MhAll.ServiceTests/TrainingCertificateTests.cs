using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingCertificateTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task Attendance_then_completion_issues_a_certificate_its_holder_downloads_and_anyone_verifies_until_revoked()
    {
        var primaryCare = await factory.OrganisationAsync("primary-care");
        var (staff, profileId) = await factory.StaffAsync(primaryCare, "social-prescribing-link-worker", "Dami Olatunji");
        var course = await factory.CourseAsync(tags: ["research-champion"], title: "Becoming a research champion");
        var session = await factory.SessionAsync(course, capacity: 10, released: true);
        var enrolment = (await staff.EnrolAsync(session)).GetProperty("id").GetGuid();
        var coordinator = factory.Coordinator();

        await (await coordinator.PostAsync($"{Api}/enrolments/{enrolment}/completion", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await staff.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = true })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { })).AssertValidationProblemAsync("attended");
        await (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{Guid.NewGuid()}/attendance", new { attended = true })).AssertProblemAsync(HttpStatusCode.NotFound);
        var marked = await coordinator.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = true });
        Assert.Equal("attended", (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var completed = await coordinator.PostAsync($"{Api}/enrolments/{enrolment}/completion", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var certificate = await completed.Content.ReadFromJsonAsync<JsonElement>();
        var code = certificate.GetProperty("code").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", code);
        Assert.Equal("Dami Olatunji", certificate.GetProperty("holderName").GetString());
        // Recording it again issues nothing new.
        Assert.Equal(code, (await (await coordinator.PostAsync($"{Api}/enrolments/{enrolment}/completion", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("code").GetString());

        Assert.True(await factory.PublishedAsync<CourseCompleted>(m => m.ProfileId == profileId));
        var done = factory.Harness.Published.Select<CourseCompleted>(m => m.Context.Message.ProfileId == profileId).Single().Context.Message;
        Assert.Equal((course, session, "community-and-support", "primary-care", true), (done.CourseId, done.SessionId, done.ProfessionGroup, done.OrganisationType, done.UnderServed));
        Assert.Contains("research-champion", done.Tags);

        var mine = await staff.GetFromJsonAsync<List<JsonElement>>($"{Api}/certificates/me");
        Assert.Equal(code, mine!.Single().GetProperty("code").GetString());
        Assert.Equal(code, (await staff.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single().GetProperty("certificateCode").GetString());
        var download = await staff.GetAsync($"{Api}/certificates/{code}");
        Assert.Equal("text/html", download.Content.Headers.ContentType?.MediaType);
        var page = await download.Content.ReadAsStringAsync();
        Assert.Contains("Dami Olatunji", page);
        Assert.Contains($"/api/training/certificates/verify/{code}", page);
        var (someoneElse, _) = await factory.StaffAsync(primaryCare);
        await (await someoneElse.GetAsync($"{Api}/certificates/{code}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // No sign-in needed to verify; only what the certificate states.
        var verified = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"{Api}/certificates/verify/{code}");
        Assert.Equal(["code", "holderName", "courseTitle", "capabilityLevel", "completedOn", "status", "revokedOn"],
            verified.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Dami Olatunji", "Becoming a research champion", "valid"),
            (verified.GetProperty("holderName").GetString(), verified.GetProperty("courseTitle").GetString(), verified.GetProperty("status").GetString()));
        await (await factory.CreateClient().GetAsync($"{Api}/certificates/verify/{new string('0', 32)}")).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await staff.PostAsJsonAsync($"{Api}/certificates/{code}/revoke", new { reason = "mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync($"{Api}/certificates/{code}/revoke", new { reason = "" })).AssertValidationProblemAsync("reason");
        var revoked = await coordinator.PostAsJsonAsync($"{Api}/certificates/{code}/revoke", new { reason = "Attendance recorded in error." });
        Assert.Equal("revoked", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var after = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"{Api}/certificates/verify/{code}");
        Assert.Equal("revoked", after.GetProperty("status").GetString());
        Assert.DoesNotContain("error", after.GetRawText());
        await (await coordinator.PostAsJsonAsync($"{Api}/certificates/{code}/revoke", new { reason = "Again." })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PostAsJsonAsync($"{Api}/certificates/{new string('1', 32)}/revoke", new { reason = "Unknown." })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Those_who_did_not_attend_get_no_certificate_and_a_cancelled_enrolment_cannot_be_marked()
    {
        var trust = await factory.OrganisationAsync();
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 5, released: true);
        var (absent, _) = await factory.StaffAsync(trust);
        var (cancelled, _) = await factory.StaffAsync(trust);
        var absentEnrolment = (await absent.EnrolAsync(session)).GetProperty("id").GetGuid();
        var cancelledEnrolment = (await cancelled.EnrolAsync(session)).GetProperty("id").GetGuid();
        await cancelled.PostAsync($"{Api}/enrolments/{cancelledEnrolment}/cancel", null);
        var coordinator = factory.Coordinator();

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{absentEnrolment}/attendance", new { attended = false })).StatusCode);
        await (await coordinator.PostAsync($"{Api}/enrolments/{absentEnrolment}/completion", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{cancelledEnrolment}/attendance", new { attended = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty((await absent.GetFromJsonAsync<List<JsonElement>>($"{Api}/certificates/me"))!);
        var roster = await factory.RosterAsync(session);
        Assert.Equal(["did-not-attend", "cancelled"], roster.Select(e => e.GetProperty("status").GetString()));
        await (await factory.CreateClient().As(Roles.Staff).GetAsync($"{Api}/sessions/{session}/enrolments")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

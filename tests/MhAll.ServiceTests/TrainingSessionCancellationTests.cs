using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingSessionCancellationTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static string Status(JsonElement e) => e.GetProperty("status").GetString()!;

    private static async Task<JsonElement> MineAsync(HttpClient staff) => (await staff.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single();

    [Fact]
    public async Task Cancelling_a_session_cancels_every_booking_and_waitlist_place_and_promotes_no_one()
    {
        var trust = await factory.OrganisationAsync();
        var course = await factory.CourseAsync();
        var session = await factory.SessionAsync(course, capacity: 1, released: true);
        var (booked, _) = await factory.StaffAsync(trust);
        var (waiting, _) = await factory.StaffAsync(trust);
        var bookedEnrolment = (await booked.EnrolAsync(session)).GetProperty("id").GetGuid();
        Assert.Equal(EnrolmentStatuses.Waitlisted, Status(await waiting.EnrolAsync(session)));
        var coordinator = factory.Coordinator();
        var cancel = $"{Api}/sessions/{session}/cancel";

        foreach (var role in new[] { Roles.Staff, Roles.Researcher, Roles.Partner })
            await (await factory.CreateClient().As(role).PostAsJsonAsync(cancel, new { reason = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync(cancel, new { reason = " " })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Api}/sessions/{Guid.NewGuid()}/cancel", new { reason = "Trainer ill" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var cancelled = await coordinator.PostAsJsonAsync(cancel, new { reason = "Trainer ill" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var view = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Trainer ill", 0, 0, 0), (view.GetProperty("cancellationReason").GetString(), view.GetProperty("placesTaken").GetInt32(),
            view.GetProperty("waitlisted").GetInt32(), view.GetProperty("placesLeft").GetInt32()));
        // Twice is fine: the first cancellation stands as it was.
        var again = await coordinator.PostAsJsonAsync(cancel, new { reason = "Asked twice" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((view.GetProperty("cancelledAt").GetDateTimeOffset(), "Trainer ill"),
            (repeated.GetProperty("cancelledAt").GetDateTimeOffset(), repeated.GetProperty("cancellationReason").GetString()));

        // Both people see why their place went; the freed place promoted no one.
        foreach (var person in new[] { booked, waiting })
            Assert.Equal(EnrolmentStatuses.CancelledByOrganiser, Status(await MineAsync(person)));
        Assert.All(await factory.RosterAsync(session), e => Assert.Equal(EnrolmentStatuses.CancelledByOrganiser, Status(e)));
        Assert.DoesNotContain(factory.Harness.Published.Select<CoursePlaceTaken>(), m => m.Context.Message.SessionId == session && m.Context.Message.FromWaitlist);

        // Nothing more happens on it: no enrolment, no attendance, no cancelling by the person, no change of the session.
        var (late, _) = await factory.StaffAsync(trust);
        var refused = await (await late.PostAsync($"{Api}/sessions/{session}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cancelled", refused.GetProperty("title").GetString());
        await (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{bookedEnrolment}/attendance", new { attended = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await booked.PostAsync($"{Api}/enrolments/{bookedEnrolment}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PutAsJsonAsync($"{Api}/sessions/{session}", SessionBody(DateTimeOffset.UtcNow.AddDays(30), capacity: 5, released: true)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(EnrolmentStatuses.CancelledByOrganiser, Status(await MineAsync(waiting)));
        var listed = await late.GetFromJsonAsync<JsonElement>($"{Api}/courses/{course}/sessions");
        Assert.Equal(JsonValueKind.String, listed.GetProperty("items")[0].GetProperty("cancelledAt").ValueKind);
    }

    [Fact]
    public async Task A_session_whose_attendance_is_recorded_took_place_and_is_not_cancelled()
    {
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 5, released: true);
        var (staff, _) = await factory.StaffAsync(await factory.OrganisationAsync());
        var enrolment = (await staff.EnrolAsync(session)).GetProperty("id").GetGuid();
        var coordinator = factory.Coordinator();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = false })).StatusCode);

        await (await coordinator.PostAsJsonAsync($"{Api}/sessions/{session}/cancel", new { reason = "Too late" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(EnrolmentStatuses.DidNotAttend, Status(await MineAsync(staff)));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingEnrolmentTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static string Status(JsonElement e) => e.GetProperty("status").GetString()!;
    private static int? Position(JsonElement e) => e.GetProperty("waitlistPosition").ValueKind == JsonValueKind.Number ? e.GetProperty("waitlistPosition").GetInt32() : null;

    [Fact]
    public async Task Two_hundred_at_once_for_twenty_places_gives_exactly_twenty_places_and_a_waitlist_of_180_in_order()
    {
        var trust = await factory.OrganisationAsync("nhs-trust");
        var vcse = await factory.OrganisationAsync("vcse");
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 20); // 5 places kept for under-served groups
        var staff = new List<HttpClient>();
        for (var batch = 0; batch < 10; batch++)
            staff.AddRange((await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                factory.StaffAsync(i % 2 == 0 ? trust : vcse)))).Select(s => s.Client));

        var responses = await Task.WhenAll(staff.Select(client => client.PostAsync($"{Api}/sessions/{session}/enrolments", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var roster = await factory.RosterAsync(session);
        Assert.Equal(200, roster.Count);
        var booked = roster.Where(e => Status(e) == EnrolmentStatuses.Booked).ToList();
        var waiting = roster.Where(e => Status(e) == EnrolmentStatuses.Waitlisted).ToList();
        Assert.Equal(20, booked.Count);
        Assert.Equal(180, waiting.Count);
        Assert.True(booked.Count(e => !e.GetProperty("underServed").GetBoolean()) <= 15, "no more than the unkept places go to others");
        Assert.Equal(Enumerable.Range(1, 180), waiting.Select(e => Position(e)!.Value).Order());

        // The queue: under-served first, then first come (the order requests took the lock); and the first come got the places.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var rows = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == session).ToDictionaryAsync(e => e.Id);
        var queue = rows.Values.Where(e => e.Status == EnrolmentStatuses.Waitlisted).OrderByDescending(e => e.UnderServed).ThenBy(e => e.Sequence)
            .Select(e => e.Id).ToList();
        Assert.Equal(queue, waiting.OrderBy(e => Position(e)).Select(e => e.GetProperty("enrolmentId").GetGuid()));
        foreach (var group in new[] { true, false })
        {
            var inGroup = rows.Values.Where(e => e.UnderServed == group).ToList();
            var lastBooked = inGroup.Where(e => e.Status == EnrolmentStatuses.Booked).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
            var firstWaiting = inGroup.Where(e => e.Status == EnrolmentStatuses.Waitlisted).Select(e => e.Sequence).DefaultIfEmpty(long.MaxValue).Min();
            Assert.True(lastBooked < firstWaiting, $"under-served {group}: places went first come, first served");
        }
        var placeEvents = 0;
        for (var tries = 0; tries < 300 && placeEvents < 20; tries++, await Task.Delay(100))
            placeEvents = factory.Harness.Published.Select<CoursePlaceTaken>().Count(m => m.Context.Message.SessionId == session);
        Assert.Equal(20, placeEvents);
    }

    [Fact]
    public async Task Each_cancellation_of_a_place_promotes_exactly_one_and_each_added_place_one_more()
    {
        var trust = await factory.OrganisationAsync();
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 3, released: true);
        var people = new List<(HttpClient Client, Guid Enrolment)>();
        for (var i = 0; i < 7; i++)
        {
            var (client, _) = await factory.StaffAsync(trust);
            people.Add((client, (await client.EnrolAsync(session)).GetProperty("id").GetGuid()));
        }
        async Task<List<string>> StatusesAsync() =>
            [.. await Task.WhenAll(people.Select(async p => Status((await p.Client.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single())))];
        Assert.Equal(["booked", "booked", "booked", "waitlisted", "waitlisted", "waitlisted", "waitlisted"], await StatusesAsync());

        var cancelled = await people[1].Client.PostAsync($"{Api}/enrolments/{people[1].Enrolment}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(["booked", "cancelled", "booked", "booked", "waitlisted", "waitlisted", "waitlisted"], await StatusesAsync());
        var mine = (await people[6].Client.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single();
        Assert.Equal(3, Position(mine));
        Assert.True(await factory.PublishedAsync<CoursePlaceTaken>(m => m.SessionId == session && m.FromWaitlist));

        // Leaving the waitlist frees no place: nobody is promoted, those behind move up.
        Assert.Equal(HttpStatusCode.OK, (await people[4].Client.PostAsync($"{Api}/enrolments/{people[4].Enrolment}/cancel", null)).StatusCode);
        Assert.Equal(["booked", "cancelled", "booked", "booked", "cancelled", "waitlisted", "waitlisted"], await StatusesAsync());
        Assert.Equal(2, Position((await people[6].Client.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));

        // One more place: one more person.
        var changed = await factory.Coordinator().PutAsJsonAsync($"{Api}/sessions/{session}", SessionBody(DateTimeOffset.UtcNow.AddDays(30), 4, released: true));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["booked", "cancelled", "booked", "booked", "cancelled", "booked", "waitlisted"], await StatusesAsync());
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, view.GetProperty("placesTaken").GetInt32());
        Assert.Equal(1, view.GetProperty("waitlisted").GetInt32());

        // Cancelling again, or someone else's enrolment, changes nothing.
        await (await people[1].Client.PostAsync($"{Api}/enrolments/{people[1].Enrolment}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await people[0].Client.PostAsync($"{Api}/enrolments/{people[6].Enrolment}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        // Capacity never below the places taken.
        await (await factory.Coordinator().PutAsJsonAsync($"{Api}/sessions/{session}", SessionBody(DateTimeOffset.UtcNow.AddDays(30), 2, released: true))).AssertValidationProblemAsync("capacity");
    }

    [Fact]
    public async Task Kept_places_wait_for_under_served_groups_who_also_go_first_on_the_waitlist_until_the_release()
    {
        var trust = await factory.OrganisationAsync("nhs-trust");
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 4, priorityShare: 0.5); // 2 kept
        var others = new List<HttpClient>();
        for (var i = 0; i < 3; i++) others.Add((await factory.StaffAsync(trust, "nursing")).Client);
        var statuses = new List<string>();
        foreach (var other in others) statuses.Add(Status(await other.EnrolAsync(session)));
        Assert.Equal(["booked", "booked", "waitlisted"], statuses);

        // An occupational therapist (allied health) and a peer support worker take the kept places.
        var therapist = (await factory.StaffAsync(trust, "occupational-therapy")).Client;
        var peer = (await factory.StaffAsync(trust, "peer-support")).Client;
        Assert.Equal("booked", Status(await therapist.EnrolAsync(session)));
        Assert.Equal("booked", Status(await peer.EnrolAsync(session)));
        // Someone under-served who comes later goes ahead of those waiting before them.
        var vcse = await factory.OrganisationAsync("vcse");
        var vcseWorker = (await factory.StaffAsync(vcse, "nursing")).Client;
        var queued = await vcseWorker.EnrolAsync(session);
        Assert.Equal(("waitlisted", 1), (Status(queued), Position(queued)));
        Assert.Equal(2, Position((await others[2].GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));

        // A kept place freed before the release waits for someone under-served: the VCSE worker, not the nurse waiting longer.
        var peerEnrolment = (await peer.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single().GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await peer.PostAsync($"{Api}/enrolments/{peerEnrolment}/cancel", null)).StatusCode);
        Assert.Equal("booked", Status((await vcseWorker.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));

        // A place freed by an under-served person with only others waiting stays kept until the release, then goes to the first of them.
        var therapistEnrolment = (await therapist.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single().GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"{Api}/enrolments/{therapistEnrolment}/cancel", null)).StatusCode);
        Assert.Equal("waitlisted", Status((await others[2].GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));
        var released = await factory.Coordinator().PutAsJsonAsync($"{Api}/sessions/{session}",
            SessionBody(DateTimeOffset.UtcNow.AddDays(30), 4, released: true, priorityShare: 0.5));
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("booked", Status((await others[2].GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));
    }

    [Fact]
    public async Task The_background_release_opens_kept_places_once_the_release_time_passes()
    {
        var trust = await factory.OrganisationAsync();
        var session = await factory.SessionAsync(await factory.CourseAsync(), capacity: 2, priorityShare: 0.5);
        var first = (await factory.StaffAsync(trust)).Client;
        var second = (await factory.StaffAsync(trust)).Client;
        await first.EnrolAsync(session);
        Assert.Equal("waitlisted", Status(await second.EnrolAsync(session)));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            await db.Sessions.Where(s => s.Id == session).ExecuteUpdateAsync(s => s.SetProperty(x => x.PriorityReleaseAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        Assert.True(await factory.Services.GetRequiredService<MhAll.Training.Features.Enrolments.PriorityRelease>().ReleaseDueAsync(default) >= 1);
        Assert.Equal("booked", Status((await second.GetFromJsonAsync<List<JsonElement>>($"{Api}/enrolments/me"))!.Single()));
    }

    [Fact]
    public async Task Enrolling_is_for_staff_with_a_profile_once_per_session_before_it_starts_and_after_its_prerequisites()
    {
        var trust = await factory.OrganisationAsync();
        var basics = await factory.CourseAsync(title: "Research basics");
        var session = await factory.SessionAsync(basics, capacity: 5, released: true);
        await (await factory.Coordinator().PostAsync($"{Api}/sessions/{session}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Researcher).PostAsync($"{Api}/sessions/{session}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Staff).PostAsync($"{Api}/sessions/{session}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var (staff, _) = await factory.StaffAsync(trust);
        await (await staff.PostAsync($"{Api}/sessions/{Guid.NewGuid()}/enrolments", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await staff.EnrolAsync(session);
        await (await staff.PostAsync($"{Api}/sessions/{session}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var started = await factory.Coordinator().PostAsJsonAsync($"{Api}/courses/{basics}/sessions", SessionBody(DateTimeOffset.UtcNow.AddHours(-1), 5));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var startedId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await (await staff.PostAsync($"{Api}/sessions/{startedId}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var advanced = await factory.SessionAsync(await factory.CourseAsync(prerequisites: [basics], title: "Designing a study"), capacity: 5, released: true);
        var refused = await (await staff.PostAsync($"{Api}/sessions/{advanced}/enrolments", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Research basics", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Courses_and_sessions_are_kept_by_coordinators_and_bad_input_names_each_field()
    {
        var staff = factory.CreateClient().As(Roles.Staff);
        await (await staff.PostAsJsonAsync($"{Api}/courses", new { title = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var coordinator = factory.Coordinator();
        await (await coordinator.PostAsJsonAsync($"{Api}/courses", new
        {
            title = "", summary = "s", level = "expert", format = "radio", durationMinutes = 0, tags = new[] { "Not A Tag" },
            prerequisites = new[] { Guid.NewGuid() },
        })).AssertValidationProblemAsync("title", "level", "format", "durationMinutes", "tags", "prerequisites");

        var champion = await factory.CourseAsync(tags: ["research-champion"], format: "in-person");
        await (await staff.PostAsJsonAsync($"{Api}/courses/{champion}/sessions", SessionBody(DateTimeOffset.UtcNow.AddDays(9), 5))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var starts = DateTimeOffset.UtcNow.AddDays(9);
        await (await coordinator.PostAsJsonAsync($"{Api}/courses/{champion}/sessions", new
        {
            startsAt = starts, endsAt = starts.AddHours(-1), capacity = 0, priorityShare = 2, onlineLink = "http://insecure.example.org",
            priorityReleaseAt = starts.AddDays(1),
        })).AssertValidationProblemAsync("endsAt", "capacity", "priorityShare", "venue", "onlineLink", "priorityReleaseAt");
        await (await coordinator.PostAsJsonAsync($"{Api}/courses/{Guid.NewGuid()}/sessions", SessionBody(starts, 5))).AssertProblemAsync(HttpStatusCode.NotFound);

        var listed = await staff.GetFromJsonAsync<JsonElement>($"{Api}/courses?tag=research-champion");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == champion);
        await (await staff.GetAsync($"{Api}/courses?level=expert")).AssertValidationProblemAsync("level");
    }
}

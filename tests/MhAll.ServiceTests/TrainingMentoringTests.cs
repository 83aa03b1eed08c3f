using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

/// <summary>
/// Mentoring end to end. Matching runs over every open request in the database, so each test gives its people a slot
/// of its own: no pair can cross tests.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingMentoringTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private const string Mentoring = $"{Api}/mentoring";

    private static object Offer(string slot, int capacity, string[]? methods = null, string[]? professions = null) => new
    {
        methods = methods ?? new[] { "qualitative-interviews", "surveys" }, topics = new[] { "psychosis", "grant-writing" },
        professionsSupported = professions ?? new[] { "nursing", "occupational-therapy" }, capacity, availability = new[] { slot }, modes = new[] { "online" },
    };

    /// <summary>A researcher with a staff profile (same sign-in) who completed mentor training and offers to mentor.</summary>
    private async Task<(HttpClient Researcher, Guid ProfileId)> MentorAsync(Guid organisation, Guid trainingSession, string slot, int capacity,
        string[]? methods = null)
    {
        var subject = Guid.NewGuid().ToString();
        var staff = factory.CreateClient().As(Roles.Staff, subject);
        var created = await staff.PostAsJsonAsync($"{Api}/profiles", new { name = "Dr Priya Shah", profession = "psychology", organisationId = organisation });
        var profileId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await CompleteAsync(staff, trainingSession);
        var researcher = factory.CreateClient().As(Roles.Researcher, subject);
        var offered = await researcher.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer(slot, capacity, methods));
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        return (researcher, profileId);
    }

    private async Task CompleteAsync(HttpClient staff, Guid session)
    {
        var enrolment = (await staff.EnrolAsync(session)).GetProperty("id").GetGuid();
        var coordinator = factory.Coordinator();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Api}/enrolments/{enrolment}/attendance", new { attended = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"{Api}/enrolments/{enrolment}/completion", null)).StatusCode);
    }

    private async Task<Guid> MentorTrainingAsync() =>
        await factory.SessionAsync(await factory.CourseAsync(tags: ["mentor-training"], title: "Mentoring researchers"), capacity: 50, released: true);

    private static async Task<(HttpClient Client, Guid ProfileId)> MenteeAsync(TrainingFactory factory, Guid organisation, string slot)
    {
        var (client, profileId) = await factory.StaffAsync(organisation, "nursing");
        var asked = await client.PostAsJsonAsync($"{Mentoring}/requests", new
        {
            goals = new[] { "psychosis" }, methods = new[] { "qualitative-interviews" }, availability = new[] { slot }, modes = new[] { "online", "in-person" },
        });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        return (client, profileId);
    }

    private async Task<JsonElement> RunAsync()
    {
        var run = await factory.Coordinator().PostAsync($"{Mentoring}/matching", null);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return await run.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement? PairFor(JsonElement run, Guid mentee) =>
        run.GetProperty("pairs").EnumerateArray().Where(p => p.GetProperty("menteeProfileId").GetGuid() == mentee).Cast<JsonElement?>().SingleOrDefault();

    private static JsonElement? UnmatchedFor(JsonElement run, Guid mentee) =>
        run.GetProperty("unmatched").EnumerateArray().Where(p => p.GetProperty("menteeProfileId").GetGuid() == mentee).Cast<JsonElement?>().SingleOrDefault();

    [Fact]
    public async Task A_researcher_becomes_a_mentor_only_with_a_staff_profile_and_mentor_training()
    {
        var organisation = await factory.OrganisationAsync();
        var subject = Guid.NewGuid().ToString();
        var researcher = factory.CreateClient().As(Roles.Researcher, subject);
        var noProfile = await (await researcher.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer("mon-am", 2))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("staff profile", noProfile.GetProperty("title").GetString());

        var staff = factory.CreateClient().As(Roles.Staff, subject);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Api}/profiles", new { name = "Dr Ama Mensah", profession = "psychology", organisationId = organisation })).StatusCode);
        // Another course completed is not mentor training.
        await CompleteAsync(staff, await factory.SessionAsync(await factory.CourseAsync(), capacity: 5, released: true));
        var untrained = await (await researcher.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer("mon-am", 2))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Complete mentor training first.", untrained.GetProperty("title").GetString());
        Assert.Contains("mentor-training", untrained.GetProperty("detail").GetString());
        await (await researcher.GetAsync($"{Mentoring}/mentors/me")).AssertProblemAsync(HttpStatusCode.NotFound);

        await CompleteAsync(staff, await MentorTrainingAsync());
        await (await researcher.PutAsJsonAsync($"{Mentoring}/mentors/me", new
        {
            methods = new[] { "telepathy" }, professionsSupported = Array.Empty<string>(), capacity = 11, availability = new[] { "mon-noon" }, modes = new[] { "online" },
        })).AssertValidationProblemAsync("methods", "professionsSupported", "capacity", "availability");
        // Staff and coordinators do not act on a researcher's own mentor profile.
        await (await staff.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer("mon-am", 2))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.Coordinator().GetAsync($"{Mentoring}/mentors/me")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await researcher.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer("mon-am", 2))).StatusCode);
        var mine = await researcher.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me");
        Assert.Equal((2, 0, "mon-am"), (mine.GetProperty("capacity").GetInt32(), mine.GetProperty("currentMentees").GetInt32(),
            mine.GetProperty("availability")[0].GetString()));
    }

    [Fact]
    public async Task A_mentee_is_matched_to_a_mentor_with_capacity_and_confirmations_never_exceed_it()
    {
        const string slot = "tue-am";
        var organisation = await factory.OrganisationAsync("local-authority", NorthEastLondon);
        var training = await MentorTrainingAsync();
        var (mentorClient, mentor) = await MentorAsync(organisation, training, slot, capacity: 1);
        var (_, fullMentor) = await MentorAsync(organisation, training, slot, capacity: 0);
        var (first, firstId) = await MenteeAsync(factory, organisation, slot);
        var (_, secondId) = await MenteeAsync(factory, organisation, slot);

        // One open request each; only staff ask; the fields are checked.
        await (await first.PostAsJsonAsync($"{Mentoring}/requests", new { goals = new[] { "psychosis" }, availability = new[] { slot }, modes = new[] { "online" } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await mentorClient.PostAsJsonAsync($"{Mentoring}/requests", new { goals = new[] { "psychosis" } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var (stranger, _) = await factory.StaffAsync(organisation);
        await (await stranger.PostAsJsonAsync($"{Mentoring}/requests", new { goals = new[] { "astrology" }, availability = Array.Empty<string>(), modes = new[] { "by-post" } }))
            .AssertValidationProblemAsync("goals", "availability", "modes");
        Assert.Equal("open", (await first.GetFromJsonAsync<JsonElement>($"{Mentoring}/requests/me")).GetProperty("status").GetString());
        await (await first.PostAsync($"{Mentoring}/matching", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var run = await RunAsync();
        var again = await RunAsync();
        var matched = new[] { firstId, secondId }.Single(id => PairFor(run, id) is not null);
        var waiting = matched == firstId ? secondId : firstId;
        var pair = PairFor(run, matched)!.Value;
        Assert.Equal(mentor, pair.GetProperty("mentorProfileId").GetGuid());
        Assert.Equal(4 + 3 + 1, pair.GetProperty("score").GetInt32()); // a shared method, a shared topic, a shared slot
        Assert.Contains(pair.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("text").GetString() == "both available Tuesday mornings");
        Assert.Equal("compatible-mentors-full", UnmatchedFor(run, waiting)!.Value.GetProperty("reason").GetString());
        Assert.Equal(2, UnmatchedFor(run, waiting)!.Value.GetProperty("compatibleMentors").GetInt32());
        Assert.DoesNotContain(run.GetProperty("pairs").EnumerateArray(), p => p.GetProperty("mentorProfileId").GetGuid() == fullMentor);
        // Deterministic: the same people, the same proposal; and the later run supersedes the earlier one's pairs.
        var repeated = PairFor(again, matched)!.Value;
        Assert.Equal(mentor, repeated.GetProperty("mentorProfileId").GetGuid());
        await (await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{pair.GetProperty("id").GetGuid()}/confirm", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("superseded", (await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Mentoring}/matching/{run.GetProperty("id").GetGuid()}"))
            .GetProperty("pairs").EnumerateArray().Single(p => p.GetProperty("menteeProfileId").GetGuid() == matched).GetProperty("status").GetString());

        var confirmed = await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{repeated.GetProperty("id").GetGuid()}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var relationship = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await factory.PublishedAsync<MentoringStarted>(m => m.RelationshipId == relationship));
        var started = factory.Harness.Published.Select<MentoringStarted>(m => m.Context.Message.RelationshipId == relationship).Single().Context.Message;
        Assert.Equal((matched, mentor, "nursing", "local-authority", NorthEastLondon),
            (started.MenteeProfileId, started.MentorProfileId, started.MenteeProfessionGroup, started.OrganisationType, started.IcbCode));
        Assert.Equal(1, (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32());
        await (await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{repeated.GetProperty("id").GetGuid()}/confirm", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{Guid.NewGuid()}/confirm", null)).AssertProblemAsync(HttpStatusCode.NotFound);

        // The mentor is now full: the other mentee waits, and is told why.
        var after = await RunAsync();
        Assert.Null(PairFor(after, waiting));
        Assert.Equal("compatible-mentors-full", UnmatchedFor(after, waiting)!.Value.GetProperty("reason").GetString());
        Assert.Null(PairFor(after, matched));
        Assert.Null(UnmatchedFor(after, matched));
    }

    [Fact]
    public async Task Two_confirmations_at_once_for_a_mentor_with_one_place_start_one_relationship()
    {
        const string slot = "fri-pm";
        var organisation = await factory.OrganisationAsync();
        var training = await MentorTrainingAsync();
        var (mentorClient, mentor) = await MentorAsync(organisation, training, slot, capacity: 2);
        var (_, a) = await MenteeAsync(factory, organisation, slot);
        var (_, b) = await MenteeAsync(factory, organisation, slot);
        var run = await RunAsync();
        var pairs = new[] { PairFor(run, a)!.Value, PairFor(run, b)!.Value };
        // The mentor lowers their capacity after the run: only one of the two may start.
        Assert.Equal(HttpStatusCode.OK, (await mentorClient.PutAsJsonAsync($"{Mentoring}/mentors/me", Offer(slot, 1))).StatusCode);
        var results = await Task.WhenAll(pairs.Select(p => factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{p.GetProperty("id").GetGuid()}/confirm", null)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        Assert.Equal(1, (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32());
        Assert.Equal(mentor, pairs[0].GetProperty("mentorProfileId").GetGuid());
    }

    [Fact]
    public async Task A_rejected_pair_is_never_proposed_again()
    {
        const string slot = "thu-eve";
        var organisation = await factory.OrganisationAsync();
        var training = await MentorTrainingAsync();
        var (_, one) = await MentorAsync(organisation, training, slot, capacity: 2);
        var (_, other) = await MentorAsync(organisation, training, slot, capacity: 2, methods: ["surveys"]);
        var (_, mentee) = await MenteeAsync(factory, organisation, slot);
        var coordinator = factory.Coordinator();

        var first = PairFor(await RunAsync(), mentee)!.Value;
        Assert.Equal(one, first.GetProperty("mentorProfileId").GetGuid()); // the better fit: the method they want
        var rejected = await coordinator.PostAsync($"{Mentoring}/matching/pairs/{first.GetProperty("id").GetGuid()}/reject", null);
        Assert.Equal("rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await coordinator.PostAsync($"{Mentoring}/matching/pairs/{first.GetProperty("id").GetGuid()}/confirm", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var second = PairFor(await RunAsync(), mentee)!.Value;
        Assert.Equal(other, second.GetProperty("mentorProfileId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"{Mentoring}/matching/pairs/{second.GetProperty("id").GetGuid()}/reject", null)).StatusCode);
        var third = await RunAsync();
        Assert.Null(PairFor(third, mentee));
        Assert.Equal("no-compatible-mentor", UnmatchedFor(third, mentee)!.Value.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Meetings_goals_and_outcomes_belong_to_the_pair_and_notes_to_nobody_else()
    {
        const string slot = "sat-am";
        var organisation = await factory.OrganisationAsync("vcse", NorthEastLondon);
        var (mentorClient, mentor) = await MentorAsync(organisation, await MentorTrainingAsync(), slot, capacity: 1);
        var (menteeClient, mentee) = await MenteeAsync(factory, organisation, slot);
        var coordinator = factory.Coordinator();
        var pair = PairFor(await RunAsync(), mentee)!.Value;
        var relationship = (await (await coordinator.PostAsync($"{Mentoring}/matching/pairs/{pair.GetProperty("id").GetGuid()}/confirm", null))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var at = $"{Mentoring}/relationships/{relationship}";

        var mine = (await menteeClient.GetFromJsonAsync<List<JsonElement>>($"{Mentoring}/relationships/me"))!.Single();
        Assert.Equal(("mentee", mentor), (mine.GetProperty("role").GetString(), mine.GetProperty("mentor").GetProperty("profileId").GetGuid()));
        Assert.Equal("mentor", (await mentorClient.GetFromJsonAsync<List<JsonElement>>($"{Mentoring}/relationships/me"))!.Single().GetProperty("role").GetString());
        Assert.Equal("matched", (await menteeClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/requests/me")).GetProperty("status").GetString());

        await (await menteeClient.PostAsJsonAsync($"{at}/meetings", new { heldOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)), notes = "x" }))
            .AssertValidationProblemAsync("heldOn");
        var meeting = await menteeClient.PostAsJsonAsync($"{at}/meetings", new { heldOn = "2026-11-20", notes = "Talked through my worries\nabout the ethics form." });
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        var goal = await mentorClient.PostAsJsonAsync($"{at}/goals", new { description = "Submit a first grant application" });
        Assert.Equal(HttpStatusCode.Created, goal.StatusCode);
        var goalId = (await goal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await (await mentorClient.PostAsJsonAsync($"{at}/goals", new { description = " " })).AssertValidationProblemAsync("description");
        Assert.Equal(HttpStatusCode.OK, (await menteeClient.PostAsJsonAsync($"{at}/goals/{goalId}/met", new { metOn = "2026-11-30" })).StatusCode);
        await (await menteeClient.PostAsJsonAsync($"{at}/outcomes", new { kind = "became-famous", achievedOn = "3026-01-01" }))
            .AssertValidationProblemAsync("kind", "achievedOn");
        var outcome = await menteeClient.PostAsJsonAsync($"{at}/outcomes", new { kind = "submitted-grant-application", achievedOn = "2026-11-30", description = "NIHR RfPB" });
        Assert.Equal(HttpStatusCode.Created, outcome.StatusCode);
        var outcomeId = (await outcome.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await factory.PublishedAsync<MentoringOutcomeRecorded>(m => m.OutcomeId == outcomeId));
        var recorded = factory.Harness.Published.Select<MentoringOutcomeRecorded>(m => m.Context.Message.OutcomeId == outcomeId).Single().Context.Message;
        Assert.Equal((relationship, mentee, "submitted-grant-application", new DateOnly(2026, 11, 30)),
            (recorded.RelationshipId, recorded.MenteeProfileId, recorded.Kind, recorded.AchievedOn));

        // Both of the pair read the notes.
        foreach (var member in new[] { menteeClient, mentorClient })
        {
            var detail = await member.GetFromJsonAsync<JsonElement>(at);
            Assert.Equal("Talked through my worries\nabout the ethics form.", detail.GetProperty("meetings").EnumerateArray().Single().GetProperty("notes").GetString());
            Assert.Equal("2026-11-30", detail.GetProperty("goals").EnumerateArray().Single().GetProperty("metOn").GetString());
            Assert.Equal("submitted-grant-application", detail.GetProperty("outcomes").EnumerateArray().Single().GetProperty("kind").GetString());
        }
        // Nobody else: another member of staff or researcher finds nothing; programme staff are not admitted at all.
        var (otherStaff, _) = await factory.StaffAsync(organisation);
        var otherResearcher = factory.CreateClient().As(Roles.Researcher);
        foreach (var outsider in new[] { otherStaff, otherResearcher })
        {
            await (await outsider.GetAsync(at)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PostAsJsonAsync($"{at}/meetings", new { heldOn = "2026-11-21", notes = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PostAsJsonAsync($"{at}/outcomes", new { kind = "other", achievedOn = "2026-11-21" })).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PostAsJsonAsync($"{at}/goals/{goalId}/met", new { metOn = "2026-11-21" })).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await coordinator.GetAsync(at)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync($"{at}/meetings", new { heldOn = "2026-11-21" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        // Programme staff see that the pair met and what came of it, never what was said.
        var overview = await coordinator.GetFromJsonAsync<JsonElement>($"{Mentoring}/relationships?pageSize=200");
        var listed = overview.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == relationship);
        Assert.Equal(1, listed.GetProperty("meetings").GetInt32());
        Assert.Equal("submitted-grant-application", listed.GetProperty("outcomes")[0].GetProperty("kind").GetString());
        Assert.DoesNotContain("ethics form", overview.GetRawText());

        // The mentee's subject access export holds the mentoring; erasing their profile takes it away from both.
        var export = await menteeClient.GetFromJsonAsync<JsonElement>($"{Api}/profiles/me/export");
        Assert.Equal(relationship, export.GetProperty("mentoring")[0].GetProperty("relationship").GetProperty("id").GetGuid());
        Assert.Contains("ethics form", export.GetProperty("mentoring").GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await menteeClient.DeleteAsync($"{Api}/profiles/me")).StatusCode);
        Assert.Empty((await mentorClient.GetFromJsonAsync<List<JsonElement>>($"{Mentoring}/relationships/me"))!);
        Assert.Equal(0, (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32());
    }

    private async Task<Guid> ConfirmAsync(Guid pair)
    {
        var confirmed = await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{pair}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    [Fact]
    public async Task Ending_a_relationship_frees_the_mentor_for_the_next_round_and_closes_it_to_meetings_and_goals()
    {
        const string slot = "wed-pm";
        var organisation = await factory.OrganisationAsync();
        var (mentorClient, mentor) = await MentorAsync(organisation, await MentorTrainingAsync(), slot, capacity: 1);
        var (firstClient, firstId) = await MenteeAsync(factory, organisation, slot);
        var (secondClient, secondId) = await MenteeAsync(factory, organisation, slot);
        var run = await RunAsync();
        var matched = new[] { firstId, secondId }.Single(id => PairFor(run, id) is not null);
        var (menteeClient, waiting) = matched == firstId ? (firstClient, secondId) : (secondClient, firstId);
        var relationship = await ConfirmAsync(Id(PairFor(run, matched)!.Value));
        var at = $"{Mentoring}/relationships/{relationship}";
        Assert.Equal("compatible-mentors-full", UnmatchedFor(await RunAsync(), waiting)!.Value.GetProperty("reason").GetString());

        // A matched request is not withdrawn: the mentoring goes on, and the mentee is told how to end it.
        var matchedRequest = await (await menteeClient.PostAsync($"{Mentoring}/requests/me/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"/relationships/{relationship}/end", matchedRequest.GetProperty("detail").GetString());
        Assert.Equal("matched", (await menteeClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/requests/me")).GetProperty("status").GetString());

        // Nobody outside the pair ends it: another person finds nothing, the other roles are refused.
        var (otherStaff, _) = await factory.StaffAsync(organisation);
        foreach (var outsider in new[] { otherStaff, factory.CreateClient().As(Roles.Researcher) })
            await (await outsider.PostAsJsonAsync($"{at}/end", new { category = "goals-met" })).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var role in new[] { Roles.Volunteer, Roles.PanelMember, Roles.Partner })
            await (await factory.CreateClient().As(role).PostAsJsonAsync($"{at}/end", new { category = "goals-met" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await menteeClient.PostAsJsonAsync($"{at}/end", new { category = "bored" })).AssertValidationProblemAsync("category");
        await (await menteeClient.PostAsJsonAsync($"{at}/end", new { })).AssertValidationProblemAsync("category");
        await (await factory.Coordinator().PostAsJsonAsync($"{Mentoring}/relationships/{Guid.NewGuid()}/end", new { category = "other" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var ended = await menteeClient.PostAsJsonAsync($"{at}/end", new { category = "goals-met" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("goals-met", (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endReason").GetString());
        Assert.True(await factory.PublishedAsync<MentoringEnded>(m => m.RelationshipId == relationship));
        var told = factory.Harness.Published.Select<MentoringEnded>(m => m.Context.Message.RelationshipId == relationship).Single().Context.Message;
        Assert.Equal((matched, mentor, "goals-met", "mentee"), (told.MenteeProfileId, told.MentorProfileId, told.Reason, told.EndedBy));
        await (await factory.Coordinator().PostAsJsonAsync($"{at}/end", new { category = "other" })).AssertProblemAsync(HttpStatusCode.Conflict);

        // Closed to new meetings and goals; what came of it may still be recorded.
        await (await menteeClient.PostAsJsonAsync($"{at}/meetings", new { heldOn = "2026-11-20", notes = "x" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await mentorClient.PostAsJsonAsync($"{at}/goals", new { description = "Another goal" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created,
            (await menteeClient.PostAsJsonAsync($"{at}/outcomes", new { kind = "publication", achievedOn = "2026-11-30" })).StatusCode);
        var mine = (await mentorClient.GetFromJsonAsync<List<JsonElement>>($"{Mentoring}/relationships/me"))!.Single();
        Assert.Equal("goals-met", mine.GetProperty("endReason").GetString());
        Assert.Equal(0, (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32());

        // The freed place goes to the mentee who was waiting, and their confirmation fits the mentor's capacity.
        var next = PairFor(await RunAsync(), waiting)!.Value;
        Assert.Equal(mentor, next.GetProperty("mentorProfileId").GetGuid());
        await ConfirmAsync(Id(next));
        Assert.Equal(1, (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32());
    }

    [Fact]
    public async Task A_coordinator_or_the_mentor_ends_a_relationship_and_two_ends_at_once_make_one()
    {
        const string slot = "mon-pm";
        var organisation = await factory.OrganisationAsync();
        var (mentorClient, _) = await MentorAsync(organisation, await MentorTrainingAsync(), slot, capacity: 2);
        var (_, a) = await MenteeAsync(factory, organisation, slot);
        var (_, b) = await MenteeAsync(factory, organisation, slot);
        var run = await RunAsync();
        var (first, second) = (await ConfirmAsync(Id(PairFor(run, a)!.Value)), await ConfirmAsync(Id(PairFor(run, b)!.Value)));

        var results = await Task.WhenAll(
            factory.Coordinator().PostAsJsonAsync($"{Mentoring}/relationships/{first}/end", new { category = "mentee-left" }),
            mentorClient.PostAsJsonAsync($"{Mentoring}/relationships/{first}/end", new { category = "mentor-unavailable" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        Assert.True(await factory.PublishedAsync<MentoringEnded>(m => m.RelationshipId == first));
        Assert.Equal(HttpStatusCode.OK,
            (await mentorClient.PostAsJsonAsync($"{Mentoring}/relationships/{second}/end", new { category = "mentor-unavailable" })).StatusCode);
        Assert.True(await factory.PublishedAsync<MentoringEnded>(m => m.RelationshipId == second && m.EndedBy == "mentor"));
        await Task.Delay(300); // a second event for the first, if there were one, would be relayed by now
        Assert.Single(factory.Harness.Published.Select<MentoringEnded>(m => m.Context.Message.RelationshipId == first));
        var overview = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Mentoring}/relationships?pageSize=200");
        Assert.All(overview.GetProperty("items").EnumerateArray().Where(r => Id(r) == first || Id(r) == second),
            r => Assert.Equal(JsonValueKind.String, r.GetProperty("endedAt").ValueKind));
    }

    [Fact]
    public async Task A_withdrawn_request_leaves_matching_and_its_undecided_pair_is_dropped()
    {
        const string slot = "wed-eve";
        var organisation = await factory.OrganisationAsync();
        await MentorAsync(organisation, await MentorTrainingAsync(), slot, capacity: 1);
        var (menteeClient, mentee) = await MenteeAsync(factory, organisation, slot);
        var run = await RunAsync();
        var pair = Id(PairFor(run, mentee)!.Value);
        var (noRequest, _) = await factory.StaffAsync(organisation);
        await (await noRequest.PostAsync($"{Mentoring}/requests/me/withdraw", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.Coordinator().PostAsync($"{Mentoring}/requests/me/withdraw", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var withdrawn = await menteeClient.PostAsync($"{Mentoring}/requests/me/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("withdrawn", (await menteeClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/requests/me")).GetProperty("status").GetString());
        await (await menteeClient.PostAsync($"{Mentoring}/requests/me/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        // The proposed pair is dropped and cannot be confirmed; the next round leaves the mentee out altogether.
        var proposal = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Mentoring}/matching/{Id(run)}");
        Assert.Equal("withdrawn", proposal.GetProperty("pairs").EnumerateArray().Single(p => Id(p) == pair).GetProperty("status").GetString());
        await (await factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{pair}/confirm", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var after = await RunAsync();
        Assert.Null(PairFor(after, mentee));
        Assert.Null(UnmatchedFor(after, mentee));

        // They may ask again later, and are matched as before.
        Assert.Equal(HttpStatusCode.Created, (await menteeClient.PostAsJsonAsync($"{Mentoring}/requests", new
        {
            goals = new[] { "psychosis" }, availability = new[] { slot }, modes = new[] { "online" },
        })).StatusCode);
        Assert.NotNull(PairFor(await RunAsync(), mentee));
    }

    [Fact]
    public async Task A_withdrawal_and_a_confirmation_at_once_leave_one_of_them_standing()
    {
        const string slot = "thu-am";
        var organisation = await factory.OrganisationAsync();
        var (mentorClient, _) = await MentorAsync(organisation, await MentorTrainingAsync(), slot, capacity: 1);
        var (menteeClient, mentee) = await MenteeAsync(factory, organisation, slot);
        var pair = Id(PairFor(await RunAsync(), mentee)!.Value);

        var (confirm, withdraw) = (factory.Coordinator().PostAsync($"{Mentoring}/matching/pairs/{pair}/confirm", null),
            menteeClient.PostAsync($"{Mentoring}/requests/me/withdraw", null));
        var results = await Task.WhenAll(confirm, withdraw);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        var status = (await menteeClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/requests/me")).GetProperty("status").GetString();
        var mentees = (await mentorClient.GetFromJsonAsync<JsonElement>($"{Mentoring}/mentors/me")).GetProperty("currentMentees").GetInt32();
        Assert.Equal(results[0].IsSuccessStatusCode ? ("matched", 1) : ("withdrawn", 0), (status, mentees));
    }
}

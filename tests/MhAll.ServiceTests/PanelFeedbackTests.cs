using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Panel;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static MhAll.ServiceTests.PanelSeeding;

namespace MhAll.ServiceTests;

/// <summary>"You said, we did": a member's feedback on their involvement, the researcher's answer, and the impact log.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class PanelFeedbackTests(PanelFactory factory) : IClassFixture<PanelFactory>
{
    private static string Feedback(Guid involvementId) => $"{Members}/me/involvements/{involvementId}/feedback";
    private const string Queue = "/api/panel/feedback";

    private static async Task<Guid> GiveAsync(Involvement involvement, string text)
    {
        var given = await involvement.Member.PostAsJsonAsync(Feedback(involvement.Id), new { text });
        Assert.True(given.StatusCode == HttpStatusCode.Created, await given.Content.ReadAsStringAsync());
        return (await given.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient researcher, Guid feedbackId, string outcome, string answer) =>
        researcher.PutAsJsonAsync($"{Queue}/{feedbackId}/answer", new { outcome, answer });

    [Fact]
    public async Task The_researcher_answers_the_members_feedback_and_the_member_sees_the_answer()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var first = await GiveAsync(involvement, "The summary used 'randomised' without saying what it means.");
        var second = await GiveAsync(involvement, "The meeting was at a good time for carers.");

        var waiting = await involvement.Researcher.GetFromJsonAsync<JsonElement>($"{Queue}?answered=false");
        var pieces = waiting.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([first, second], pieces.Select(p => p.GetProperty("id").GetGuid()));
        Assert.All(pieces, p => Assert.Equal("Member 1", p.GetProperty("member").GetString()));
        Assert.DoesNotContain("Rukhsana", waiting.GetRawText());

        var answered = await AnswerAsync(involvement.Researcher, first, "changed", "We added a line explaining randomisation in plain words.");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True(await factory.PublishedAsync<FeedbackAnswered>(m => m.FeedbackId == first && m.RequestId == involvement.RequestId
            && m.TurnaroundDays == 0 && !m.WasOverdue));

        var mine = (await involvement.Member.GetFromJsonAsync<JsonElement>($"{Members}/me/feedback")).GetProperty("items").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetGuid());
        Assert.Equal(("changed", "We added a line explaining randomisation in plain words."),
            (mine[first].GetProperty("outcome").GetString(), mine[first].GetProperty("answer").GetString()));
        Assert.Equal(JsonValueKind.Null, mine[second].GetProperty("answer").ValueKind);
        Assert.Equal([second], (await involvement.Researcher.GetFromJsonAsync<JsonElement>($"{Queue}?answered=false")).GetProperty("items")
            .EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Rewording_an_answer_keeps_the_first_answers_time_and_wording_and_tells_no_one_again()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var id = await GiveAsync(involvement, "Please pay travel on the day.");
        var first = await (await AnswerAsync(involvement.Researcher, id, "not-changed", "Finance pays within 14 days.")).Content.ReadFromJsonAsync<JsonElement>();
        var again = await AnswerAsync(involvement.Researcher, id, "changed", "We now pay travel in cash on the day.");
        var reworded = await again.Content.ReadFromJsonAsync<JsonElement>();
        // The same instant (PostgreSQL keeps microseconds, the first response had the clock's ticks).
        Assert.True((reworded.GetProperty("answeredAt").GetDateTimeOffset() - first.GetProperty("answeredAt").GetDateTimeOffset()).Duration()
            < TimeSpan.FromMilliseconds(1));
        Assert.Equal(["not-changed: Finance pays within 14 days."], reworded.GetProperty("previousAnswers").EnumerateArray().Select(a => a.GetString()));
        Assert.NotEqual(JsonValueKind.Null, reworded.GetProperty("answerChangedAt").ValueKind);
        var seen = (await involvement.Member.GetFromJsonAsync<JsonElement>($"{Members}/me/feedback")).GetProperty("items")[0];
        Assert.Equal("We now pay travel in cash on the day.", seen.GetProperty("answer").GetString());
        Assert.Equal(1, seen.GetProperty("previousAnswers").GetArrayLength());
        Assert.True(await factory.PublishedAsync<FeedbackAnswered>(m => m.FeedbackId == id));
        await Task.Delay(500); // the relay polls every 200 ms: a second event would be out by now
        Assert.Single(factory.Harness.Published.Select<FeedbackAnswered>(), m => m.Context.Message.FeedbackId == id);
    }

    [Fact]
    public async Task Another_researchers_feedback_and_impact_log_are_not_found()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var id = await GiveAsync(involvement, "Too much reading for one week.");
        var other = factory.CreateClient().As(Roles.Researcher);
        await (await AnswerAsync(other, id, "changed", "Not mine to answer.")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AnswerAsync(other, Guid.NewGuid(), "changed", "No such feedback.")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>($"{Queue}?requestId={involvement.RequestId}")).GetProperty("total").GetInt32());
        await (await other.GetAsync($"{Requests}/{involvement.RequestId}/impact")).AssertProblemAsync(HttpStatusCode.NotFound);
        // A coordinator may answer for the researcher (one who has left the study, say).
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(factory.Coordinator(), id, "changed", "Split over two weeks.")).StatusCode);
    }

    [Fact]
    public async Task A_member_gives_feedback_only_on_their_own_accepted_involvement()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var (stranger, strangerId) = await factory.ActiveMemberAsync();
        await (await stranger.PostAsJsonAsync(Feedback(involvement.Id), new { text = "Not my involvement." })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync(Feedback(Guid.NewGuid()), new { text = "No such involvement." })).AssertProblemAsync(HttpStatusCode.NotFound);
        var declined = await factory.OfferAsync(involvement.RequestId, strangerId, OfferStatuses.Declined);
        await (await stranger.PostAsJsonAsync(Feedback(declined), new { text = "I said no." })).AssertProblemAsync(HttpStatusCode.NotFound);
        await GiveAsync(involvement, "Mine to give.");
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>($"{Members}/me/feedback")).GetProperty("total").GetInt32());
        await (await involvement.Member.PostAsJsonAsync(Feedback(involvement.Id), new { text = "  " })).AssertValidationProblemAsync("text");
        await (await involvement.Member.PostAsJsonAsync(Feedback(involvement.Id), new { text = new string('a', 4001) })).AssertValidationProblemAsync("text");
    }

    [Fact]
    public async Task Each_endpoint_refuses_the_roles_it_does_not_serve()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var id = await GiveAsync(involvement, "Fine.");
        foreach (var role in new[] { Roles.Volunteer, Roles.Staff, Roles.Partner, Roles.Researcher, Roles.Coordinator })
            await (await factory.CreateClient().As(role).PostAsJsonAsync(Feedback(involvement.Id), new { text = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.Coordinator().GetAsync($"{Members}/me/feedback")).AssertProblemAsync(HttpStatusCode.Forbidden);
        foreach (var role in new[] { Roles.Volunteer, Roles.Staff, Roles.Partner, Roles.PanelMember })
        {
            var client = factory.CreateClient().As(role);
            await (await AnswerAsync(client, id, "changed", "x")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync(Queue)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{Requests}/{involvement.RequestId}/impact")).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
        await (await involvement.Member.PutAsJsonAsync($"{Queue}/{id}/answer", new { outcome = "changed", answer = "self" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await involvement.Researcher.GetAsync($"{Queue}/turnaround")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await AnswerAsync(involvement.Researcher, id, "maybe", "")).AssertValidationProblemAsync("outcome", "answer");
    }

    [Fact]
    public async Task The_impact_log_of_a_study_lists_every_answer_without_names_and_exports_safe_csv()
    {
        var studyId = Guid.NewGuid();
        var request = await factory.AcceptedRequestAsync(b => b["studyId"] = studyId);
        var one = await factory.InvolvedMemberAsync(request);
        var two = await factory.InvolvedMemberAsync(request, a => a["name"] = "Grace Okafor");
        var formula = await GiveAsync(one, "=HYPERLINK(\"http://evil.example\",\"click\")");
        await GiveAsync(two, "Say \"you\", not \"participants\", please.");
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(request.Researcher, formula, "not-changed", "-We could not: links stay out.")).StatusCode);
        // A second request of the same researcher about the same study belongs to the same log.
        var later = await factory.AcceptedRequestAsync(b => b["studyId"] = studyId);
        Assert.NotEqual(request.Researcher, later.Researcher); // each RequestAsync is its own researcher: theirs is not in this one's log

        var log = await request.Researcher.GetFromJsonAsync<JsonElement>($"/api/panel/studies/{studyId}/impact");
        Assert.Equal((1, 2, 1), (log.GetProperty("requests").GetInt32(), log.GetProperty("feedback").GetInt32(), log.GetProperty("answered").GetInt32()));
        Assert.Equal(["Member 1", "Member 2"], log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("member").GetString()));

        var csv = await (await request.Researcher.GetAsync($"/api/panel/studies/{studyId}/impact?format=csv")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("request_id,request_title,study_id,involvement_type,member,", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",not-changed,'-We could not: links stay out.,", lines[1]);
        Assert.Contains("\"Say \"\"you\"\", not \"\"participants\"\", please.\"", lines[2]);
        Assert.DoesNotContain("Grace", csv);
        Assert.DoesNotContain("Rukhsana", csv);

        var coordinators = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"/api/panel/studies/{studyId}/impact");
        Assert.Equal(2, coordinators.GetProperty("requests").GetInt32());
        await (await later.Researcher.GetAsync($"{Requests}/{request.Id}/impact")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"/api/panel/studies/{studyId}/impact")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await request.Researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{request.Id}/impact")).GetProperty("feedback").GetInt32());
        await (await request.Researcher.GetAsync($"{Requests}/{request.Id}/impact?format=xml")).AssertValidationProblemAsync("format");
    }

    [Fact]
    public async Task Erasing_a_member_empties_their_words_and_keeps_the_answer()
    {
        var involvement = await factory.InvolvedMemberAsync();
        var id = await GiveAsync(involvement, "My neighbour's story is why I care.");
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(involvement.Researcher, id, "changed", "We added a carers' session.")).StatusCode);
        var copy = await (await involvement.Member.GetAsync($"{Members}/me/data")).Content.ReadAsStringAsync();
        Assert.Contains("My neighbour", copy);
        Assert.Equal(HttpStatusCode.NoContent, (await involvement.Member.DeleteAsync($"{Members}/me")).StatusCode);
        var log = await involvement.Researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{involvement.RequestId}/impact");
        var entry = log.GetProperty("entries")[0];
        Assert.Equal(("", "We added a carers' session."), (entry.GetProperty("feedback").GetString(), entry.GetProperty("answer").GetString()));
    }
}

// MovableClock: PanelOfferTests'.
/// <summary>Panel on a clock of its own, with a short overdue limit, for the turnaround.</summary>
public sealed class PanelClockFactory() : ServiceFactory<PanelDbContext>(ResourceNames.Panel)
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Panel:Feedback:OverdueAfterDays", "10");
        builder.UseSetting("Panel:Feedback:MinimumAnswersForMedian", "3");
    }

    protected override void ConfigureTestServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
}

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelFeedbackTurnaroundTests(PanelClockFactory factory) : IClassFixture<PanelClockFactory>
{
    [Fact]
    public async Task Feedback_is_overdue_after_the_limit_and_the_median_turnaround_waits_for_enough_answers()
    {
        var involvement = await factory.InvolvedMemberAsync();
        async Task<Guid> Give(string text)
        {
            var given = await involvement.Member.PostAsJsonAsync($"{Members}/me/involvements/{involvement.Id}/feedback", new { text });
            Assert.Equal(HttpStatusCode.Created, given.StatusCode);
            return (await given.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        async Task Answer(Guid id) => Assert.Equal(HttpStatusCode.OK, (await involvement.Researcher.PutAsJsonAsync($"/api/panel/feedback/{id}/answer",
            new { outcome = "changed", answer = "Done." })).StatusCode);
        Task<JsonElement> Turnaround() => factory.Coordinator().GetFromJsonAsync<JsonElement>("/api/panel/feedback/turnaround");

        var early = await Give("First thoughts.");
        var late = await Give("Second thoughts.");
        factory.Clock.Advance(TimeSpan.FromDays(2));
        await Answer(early);                                   // 2 days
        var turnaround = await Turnaround();
        Assert.Equal(JsonValueKind.Null, turnaround.GetProperty("medianDays").ValueKind);
        Assert.Contains("Only 1 answered", turnaround.GetProperty("note").GetString());

        factory.Clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromMinutes(1)); // 10 days and a minute: past the limit of 10
        var overdue = (await factory.Coordinator().GetFromJsonAsync<JsonElement>("/api/panel/feedback?overdue=true")).GetProperty("items")
            .EnumerateArray().ToList();
        Assert.Equal([late], overdue.Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(10, overdue[0].GetProperty("ageDays").GetInt32());
        Assert.Equal((1, 1), ((await Turnaround()).GetProperty("unanswered").GetInt32(), (await Turnaround()).GetProperty("overdue").GetInt32()));

        await Answer(late);                                    // 10 days, late
        // The relay sends a row once the database's now() reaches its time, which a moved clock puts days ahead: read the row itself.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
            var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType.Contains(nameof(FeedbackAnswered))).ToListAsync();
            var told = rows.Select(m => JsonSerializer.Deserialize<FeedbackAnswered>(m.Payload, JsonSerializerOptions.Web)!).Single(m => m.FeedbackId == late);
            Assert.Equal((true, 10, involvement.RequestId), (told.WasOverdue, told.TurnaroundDays, told.RequestId));
        }
        var third = await Give("Third thoughts.");
        factory.Clock.Advance(TimeSpan.FromDays(4));
        await Answer(third);                                   // 4 days
        turnaround = await Turnaround();
        Assert.Equal((3, 0, 0, 1), (turnaround.GetProperty("answered").GetInt32(), turnaround.GetProperty("unanswered").GetInt32(),
            turnaround.GetProperty("overdue").GetInt32(), turnaround.GetProperty("answeredLate").GetInt32()));
        Assert.Equal(4.0, turnaround.GetProperty("medianDays").GetDouble(), 1);
        Assert.Equal(JsonValueKind.Null, turnaround.GetProperty("note").ValueKind);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using MhAll.Contracts.Participation;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// A study that asks for Panel review becomes a Panel request through the real event path: Participation writes the
/// event to its outbox in the study's save, its relay publishes it, and Panel's consumer (through its inbox) makes the request.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class PanelStudyReviewTests(ParticipationFactory participation, PanelFactory panel)
    : IClassFixture<ParticipationFactory>, IClassFixture<PanelFactory>
{
    private const string Studies = "/api/participation/studies";

    private static Dictionary<string, object?> Study(bool askPanelReview, string title = "Walking groups and low mood") => new()
    {
        ["title"] = title, ["laySummary"] = "Whether a weekly walking group helps people whose mood is low.",
        ["sponsor"] = "Queen Mary University of London", ["sites"] = new[] { "Mile End Hospital" }, ["boroughs"] = new[] { "E09000030" },
        ["eligibility"] = new { minAge = 18 }, ["recruitmentTarget"] = 40, ["askPanelReview"] = askPanelReview,
    };

    private static async Task<Guid> SubmitAsync(HttpClient researcher, bool askPanelReview)
    {
        var created = await researcher.PostAsJsonAsync(Studies, Study(askPanelReview));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Waits for Participation's relay to publish the study's ask, and carries it to Panel's bus as the broker would.</summary>
    private async Task<StudyPanelReviewRequested> RelayAsync(Guid studyId)
    {
        Assert.True(await participation.PublishedAsync<StudyPanelReviewRequested>(m => m.StudyId == studyId));
        var published = participation.Harness.Published.Select<StudyPanelReviewRequested>().Single(m => m.Context.Message.StudyId == studyId);
        await panel.Harness.Bus.Publish(published.Context.Message, context => context.MessageId = published.Context.MessageId);
        return published.Context.Message;
    }

    private async Task<List<InvolvementRequest>> RequestsForAsync(Guid studyId)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PanelDbContext>().InvolvementRequests.AsNoTracking()
            .Where(r => r.StudyId == studyId).ToListAsync();
    }

    private async Task<int> AsksInParticipationOutboxAsync(Guid studyId)
    {
        await using var scope = participation.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.MessageType.Contains(nameof(StudyPanelReviewRequested))).ToListAsync();
        return rows.Count(m => m.Payload.Contains(studyId.ToString()));
    }

    [Fact]
    public async Task A_study_submitted_asking_for_panel_review_becomes_the_researchers_protocol_review_awaiting_triage()
    {
        var subject = Guid.NewGuid().ToString();
        var studyId = await SubmitAsync(participation.CreateClient().As(Roles.Researcher, subject), askPanelReview: true);
        var ask = await RelayAsync(studyId);
        Assert.Equal((subject, "Walking groups and low mood"), (ask.OwnerSubjectId, ask.Title));
        await panel.WaitUntilAsync<PanelDbContext>(db => db.InvolvementRequests.AnyAsync(r => r.StudyId == studyId));

        var mine = await panel.CreateClient().As(Roles.Researcher, subject).GetFromJsonAsync<JsonElement>(PanelSeeding.Requests);
        var request = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal((studyId, InvolvementTypes.ProtocolReview, RequestStatuses.AwaitingTriage, RequestSources.StudyPanelReview),
            (request.GetProperty("studyId").GetGuid(), request.GetProperty("type").GetString(), request.GetProperty("status").GetString(),
                request.GetProperty("source").GetString()));
        Assert.Equal("Whether a weekly walking group helps people whose mood is low.", request.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_study_that_does_not_ask_for_panel_review_tells_the_panel_nothing()
    {
        var studyId = await SubmitAsync(participation.CreateClient().As(Roles.Researcher), askPanelReview: false);
        Assert.Equal(0, await AsksInParticipationOutboxAsync(studyId));
    }

    [Fact]
    public async Task Revising_a_study_from_not_asking_to_asking_sends_the_ask_once()
    {
        var researcher = participation.CreateClient().As(Roles.Researcher);
        var studyId = await SubmitAsync(researcher, askPanelReview: false);
        var asking = Study(askPanelReview: true);
        asking["revision"] = 1;
        Assert.Equal(HttpStatusCode.OK, (await researcher.PutAsJsonAsync($"{Studies}/{studyId}", asking)).StatusCode);
        var stillAsking = Study(askPanelReview: true, title: "Walking groups, low mood and sleep");
        stillAsking["revision"] = 2;
        Assert.Equal(HttpStatusCode.OK, (await researcher.PutAsJsonAsync($"{Studies}/{studyId}", stillAsking)).StatusCode);
        Assert.Equal(1, await AsksInParticipationOutboxAsync(studyId));
    }

    [Fact]
    public async Task The_same_ask_delivered_three_times_makes_one_request()
    {
        var studyId = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        using var duplicates = new CounterCapture("MhAll.Messaging", "mhall.inbox.duplicates_skipped");
        var ask = new StudyPanelReviewRequested(studyId, "Sleep and low mood", "Whether better sleep lifts low mood.", Guid.NewGuid().ToString(),
            DateTimeOffset.UtcNow, 1);
        for (var i = 0; i < 3; i++) await panel.Harness.Bus.Publish(ask, context => context.MessageId = messageId);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (duplicates.Total < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(2, duplicates.Total);
        Assert.False(await panel.Harness.Published.Any<Fault<StudyPanelReviewRequested>>());
        Assert.Single(await RequestsForAsync(studyId));
    }

    [Fact]
    public async Task A_second_ask_for_a_study_whose_request_is_still_open_makes_no_second_request()
    {
        var studyId = Guid.NewGuid();
        var owner = Guid.NewGuid().ToString();
        await panel.Harness.Bus.Publish(new StudyPanelReviewRequested(studyId, "Sleep", "Summary.", owner, DateTimeOffset.UtcNow, 1));
        await panel.WaitUntilAsync<PanelDbContext>(db => db.InvolvementRequests.AnyAsync(r => r.StudyId == studyId));
        await panel.Harness.Bus.Publish(new StudyPanelReviewRequested(studyId, "Sleep", "Summary.", owner, DateTimeOffset.UtcNow, 3));
        // Poll the harness's list: its Any can give up early when the bus looks idle.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!panel.Harness.Consumed.Select<StudyPanelReviewRequested>().Any(m => m.Context.Message.StudyId == studyId && m.Context.Message.Revision == 3))
        {
            Assert.True(DateTime.UtcNow < deadline, "the second ask was not consumed");
            await Task.Delay(50);
        }
        Assert.Single(await RequestsForAsync(studyId));
    }

    [Fact]
    public async Task The_researcher_completes_a_request_made_from_their_study_and_another_researcher_cannot_see_it()
    {
        var studyId = Guid.NewGuid();
        var owner = Guid.NewGuid().ToString();
        await panel.Harness.Bus.Publish(new StudyPanelReviewRequested(studyId, "Sleep", "Summary.", owner, DateTimeOffset.UtcNow, 1));
        await panel.WaitUntilAsync<PanelDbContext>(db => db.InvolvementRequests.AnyAsync(r => r.StudyId == studyId));
        var id = (await RequestsForAsync(studyId)).Single().Id;
        await (await panel.CreateClient().As(Roles.Researcher).GetAsync($"{PanelSeeding.Requests}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var completed = await panel.CreateClient().As(Roles.Researcher, owner).PutAsJsonAsync($"{PanelSeeding.Requests}/{id}",
            PanelSeeding.InvolvementRequest(b => { b["type"] = "protocol-review"; b["studyId"] = studyId; }));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MhAll.Contracts.Panel;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// Learning with a Panel of 23 members in Tower Hamlets from Panel's events: 12 Bangladeshi (a priority group), 9 White
/// British, 2 Black African (priority, a small count). Each Bangladeshi member took one involvement of 2 hours, each
/// White British one of 3 hours (12 and 9, 24 and 27 hours). 24 pieces of feedback answered: 15 in 5 days, 9 late in 25.
/// </summary>
public sealed class LearningPanelFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning), IAsyncLifetime
{
    public const string TowerHamlets = "E09000030";
    public static readonly (string Group, int Members, decimal Hours)[] Members = [("asian-bangladeshi", 12, 2), ("white-british", 9, 3), ("black-african", 2, 0)];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var (group, count, hours) in Members)
            for (var i = 0; i < count; i++)
            {
                var memberId = Guid.NewGuid();
                await Harness.Bus.Publish(new PanelMemberJoined(memberId, now, group, "female", "35-44", null, TowerHamlets));
                if (hours > 0)
                    await Harness.Bus.Publish(new InvolvementCompleted(Guid.NewGuid(), Guid.NewGuid(), memberId, "lay-summary-review",
                        DateOnly.FromDateTime(now.UtcDateTime), hours, now));
            }
        for (var i = 0; i < 24; i++)
        {
            var late = i >= 15;
            var given = now.AddDays(late ? -25 : -5);
            await Harness.Bus.Publish(new FeedbackAnswered(Guid.NewGuid(), Guid.NewGuid(), null, given, now, late ? 25 : 5, late));
        }
        await WaitUntilAsync<LearningDbContext>(async db => await db.PanelMembers.CountAsync() >= 23 && await db.PanelInvolvements.CountAsync() >= 21
                                                            && await db.PanelFeedbackAnswers.CountAsync() >= 24);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class LearningPanelTests(LearningPanelFactory factory) : IClassFixture<LearningPanelFactory>
{
    private const string Panel = "/api/learning/panel";
    private const string Representation = "/api/learning/representation?population=panel-members&dimension=ethnic-group";
    private const string BySex = "/api/learning/representation?population=panel-members&dimension=sex";

    private async Task<T> InScopeAsync<T>(Func<LearningDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<LearningDbContext>());
    }

    private static Dictionary<string, JsonElement> Groups(JsonElement representation) =>
        representation.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);

    [Fact]
    public async Task Panel_members_are_counted_against_the_local_population_under_the_same_disclosure_control()
    {
        var raw = Groups(await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>(Representation + "&raw=true&area=E09000030"));
        Assert.Equal((12, 9, 2), (raw["asian-bangladeshi"].GetProperty("count").GetInt32(), raw["white-british"].GetProperty("count").GetInt32(),
            raw["black-african"].GetProperty("count").GetInt32()));
        Assert.True(raw["asian-bangladeshi"].GetProperty("ratio").GetDouble() > 1); // Tower Hamlets is a third Bangladeshi; this Panel over half

        var published = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>(Representation);
        var groups = Groups(published);
        Assert.True(published.GetProperty("protected").GetBoolean());
        Assert.Equal(("small-count", "secondary"), (groups["black-african"].GetProperty("suppression").GetString(),
            groups["white-british"].GetProperty("suppression").GetString()));
        Assert.Equal(10, groups["asian-bangladeshi"].GetProperty("count").GetInt32());

        var imd = await factory.CreateClient().As(Roles.Researcher).GetAsync("/api/learning/representation?population=panel-members&dimension=imd-decile");
        await imd.AssertValidationProblemAsync("dimension");
    }

    [Fact]
    public async Task Joining_and_leaving_delivered_twice_or_out_of_order_count_once()
    {
        var (stays, leaves) = (Guid.NewGuid(), Guid.NewGuid());
        // Male, which no member of the fixture is, and no ethnic group: the other tables stay as the fixture made them.
        const string group = "male";
        var joined = new PanelMemberJoined(stays, DateTimeOffset.UtcNow, null, group, null, null, null);
        var messageId = NewId.NextGuid();
        await factory.Harness.Bus.Publish(joined, c => c.MessageId = messageId);
        await factory.Harness.Bus.Publish(joined, c => c.MessageId = messageId);
        // The leaving overtakes the joining: the member never counts.
        await factory.Harness.Bus.Publish(new PanelMemberLeft(leaves, DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new PanelMemberJoined(leaves, DateTimeOffset.UtcNow.AddDays(-1), null, group, null, null, null));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.PanelMembers.CountAsync(m => m.MemberId == leaves && m.JoinedAt != null) == 1
                                                                   && await db.InboxMessages.AnyAsync(m => m.MessageId == messageId));
        await Task.Delay(500); // let any duplicate finish
        Assert.Equal(1, await InScopeAsync(db => db.PanelMembers.CountAsync(m => m.Sex == group && m.LeftAt == null)));
        var raw = Groups(await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>(BySex + "&raw=true"));
        Assert.Equal(1, raw[group].GetProperty("count").GetInt32());

        await factory.Harness.Bus.Publish(new PanelMemberLeft(stays, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.PanelMembers.AnyAsync(m => m.MemberId == stays && m.LeftAt != null));
        raw = Groups(await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>(BySex + "&raw=true"));
        Assert.Equal(0, raw[group].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_corrected_involvement_replaces_the_first_record_and_an_older_one_changes_nothing()
    {
        var (id, member) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(at.UtcDateTime).AddYears(-3); // outside every span the reports read
        await factory.Harness.Bus.Publish(new InvolvementCompleted(id, Guid.NewGuid(), member, "advisory-group", day, 2, at));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.PanelInvolvements.AnyAsync(i => i.InvolvementId == id));
        await factory.Harness.Bus.Publish(new InvolvementCompleted(id, Guid.NewGuid(), member, "advisory-group", day, 3.5m, at.AddHours(1)));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.PanelInvolvements.AnyAsync(i => i.InvolvementId == id && i.Hours == 3.5m));
        await factory.Harness.Bus.Publish(new InvolvementCompleted(id, Guid.NewGuid(), member, "advisory-group", day, 1, at.AddMinutes(30)));
        await Task.Delay(1000);
        Assert.Equal(3.5m, await InScopeAsync(db => db.PanelInvolvements.Where(i => i.InvolvementId == id).Select(i => i.Hours).SingleAsync()));
    }

    [Fact]
    public async Task Feedback_turnaround_and_the_priority_groups_share_come_from_published_counts()
    {
        var published = await factory.CreateClient().As(Roles.Partner).GetFromJsonAsync<JsonElement>(Panel);
        var feedback = published.GetProperty("feedbackTurnaround");
        Assert.Equal(25, feedback.GetProperty("answered").GetInt32()); // 24, rounded
        Assert.Equal([15, 10], feedback.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("count").GetInt32()));
        Assert.Equal(15 / 25.0, feedback.GetProperty("shareInTime").GetDouble(), 12); // from the published counts, not 15/24
        Assert.Equal(5, feedback.GetProperty("medianDays").GetDouble());

        var involvement = published.GetProperty("involvementTaken");
        Assert.Equal(20, involvement.GetProperty("total").GetInt32()); // 12 + 9 = 21, rounded
        var groups = involvement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal([10, 10], groups.Select(g => g.GetProperty("involvements").GetInt32()));
        Assert.Equal([25m, 25m], groups.Select(g => g.GetProperty("hours").GetDecimal())); // 24 and 27 hours, rounded to 5
        Assert.Equal(0.5, involvement.GetProperty("shareOfInvolvements").GetDouble(), 12);
        Assert.Equal(0.5, involvement.GetProperty("shareOfHours").GetDouble(), 12);

        var raw = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>(Panel + "?raw=true");
        Assert.Equal([12, 9], raw.GetProperty("involvementTaken").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("involvements").GetInt32()));
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync(Panel + "?raw=true")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Volunteer).GetAsync(Panel)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.PanelMember).GetAsync(Panel)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Coordinator).GetAsync(Panel + "?days=0")).AssertValidationProblemAsync("days");
    }

    [Fact]
    public async Task The_panel_indicators_are_charted_from_published_counts_against_their_targets()
    {
        var charts = (await factory.CreateClient().As(Roles.Partner).GetFromJsonAsync<JsonElement>("/api/learning/indicators")).EnumerateArray()
            .Where(c => c.GetProperty("period").GetString() == "monthly").ToDictionary(c => c.GetProperty("id").GetString()!);
        var inTime = charts["panel-feedback-answered-in-time"];
        Assert.Equal(0.9, inTime.GetProperty("target").GetDouble());
        var month = inTime.GetProperty("points").EnumerateArray().Last();
        Assert.Equal((25, 15 / 25.0), (month.GetProperty("registrants").GetInt32(), month.GetProperty("value").GetDouble()));

        var priority = charts["panel-involvement-priority-groups"];
        Assert.InRange(priority.GetProperty("target").GetDouble(), 0.05, 0.4); // the priority groups' share of the programme's population
        var taken = priority.GetProperty("points").EnumerateArray().Last();
        Assert.Equal((20, 0.5), (taken.GetProperty("registrants").GetInt32(), taken.GetProperty("value").GetDouble()));
    }

    /// <summary>
    /// An attacker holding every published figure (the representation table with its total, the involvement table and its
    /// shares, hours and the indicator point) tries to work back the 2 Black African members and the exact counts behind
    /// the rounded ones: no published total minus published cells leaves a single hidden cell, and each share is its
    /// published counts' quotient, so it gives back nothing finer than they do.
    /// </summary>
    [Fact]
    public async Task No_hidden_or_exact_count_can_be_worked_back_from_the_panel_figures()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        foreach (var dimension in new[] { "ethnic-group", "ethnic-group-broad", "age-band", "sex" })
        {
            var table = await researcher.GetFromJsonAsync<JsonElement>($"/api/learning/representation?population=panel-members&dimension={dimension}");
            var cells = table.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("count")).ToList();
            var hidden = cells.Count(c => c.ValueKind == JsonValueKind.Null);
            Assert.True(table.GetProperty("total").ValueKind == JsonValueKind.Null || hidden != 1, $"{dimension}: one hidden cell beside a published total");
            // Every published figure is a multiple of 5: the exact 12, 9 and 21 cannot be read off.
            Assert.All(cells.Where(c => c.ValueKind != JsonValueKind.Null), c => Assert.Equal(0, c.GetInt32() % 5));
        }

        var panel = await researcher.GetFromJsonAsync<JsonElement>(Panel);
        var involvement = panel.GetProperty("involvementTaken");
        var total = involvement.GetProperty("total").GetInt32();
        var shown = involvement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("involvements").GetInt32()).ToList();
        // The share times the total is the published count again, not the raw 12 of 21.
        Assert.Equal(shown[0], involvement.GetProperty("shareOfInvolvements").GetDouble() * total, 9);
        Assert.NotEqual(12, (int)Math.Round(involvement.GetProperty("shareOfInvolvements").GetDouble() * 21));
        var feedback = panel.GetProperty("feedbackTurnaround");
        Assert.NotEqual(9, (int)Math.Round((1 - feedback.GetProperty("shareInTime").GetDouble()) * feedback.GetProperty("answered").GetInt32()));
    }
}

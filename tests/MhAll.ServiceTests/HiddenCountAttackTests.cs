using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class HiddenCountAttackFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>
/// Participation's published figures, read as a researcher trying to get back a count that is hidden: everything
/// the output shows (counts, totals, shares), read as many times as they like, with the knowledge that a shown count
/// is the true one rounded to 5. Each attack recovers the count from the coordinator's raw view (the output with its
/// protection off), and must not from the researcher's.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class HiddenCountAttackTests(HiddenCountAttackFactory factory) : IClassFixture<HiddenCountAttackFactory>
{
    private const int Unbounded = 60;

    [Fact]
    public async Task Survey_shares_and_totals_do_not_give_back_a_small_group_s_count()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var created = await coordinator.PostAsJsonAsync("/api/participation/surveys", new
        {
            title = "What stops you taking part?", mode = "anonymous",
            questions = new object[]
            {
                new
                {
                    id = "q1", kind = "multiple", text = "Which of these have stopped you?",
                    options = new object[] { new { id = "a", text = "No time off work", barrier = "time" }, new { id = "b", text = "None of these" } },
                },
            },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/participation/surveys/{id}/status", new { status = "open" })).StatusCode);
        // 23 carers, 21 of whom cite time; 3 members of staff, all citing time.
        async Task AnswerAsync(string relationship, string option) => Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().As(Roles.Volunteer)
            .PostAsJsonAsync($"/api/participation/surveys/{id}/responses",
                new { answers = new object[] { new { questionId = "q1", optionIds = new[] { option } } }, relationship })).StatusCode);
        for (var i = 0; i < 23; i++) await AnswerAsync("carer", i < 21 ? "a" : "b");
        for (var i = 0; i < 3; i++) await AnswerAsync("staff", "a");

        // The staff group's size is the total less the carers: each read off its count, narrowed by its share of time.
        HashSet<int> StaffResponses(JsonElement report)
        {
            var raw = report.GetProperty("raw").GetBoolean();
            var groups = report.GetProperty("byGroup").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!);
            static JsonElement TimeShare(JsonElement barriers) => barriers.EnumerateArray().Single(b => b.GetProperty("barrier").GetString() == "time").GetProperty("share");
            var total = Possible(report.GetProperty("responses"), raw, TimeShare(report.GetProperty("barriers")));
            var carers = Possible(groups["carer"].GetProperty("responses"), raw, TimeShare(groups["carer"].GetProperty("barriers")));
            var staff = Possible(groups["staff"].GetProperty("responses"), raw, TimeShare(groups["staff"].GetProperty("barriers")));
            return total.SelectMany(t => carers.Select(c => t - c)).Where(staff.Contains).ToHashSet();
        }

        var rawReport = await coordinator.GetFromJsonAsync<JsonElement>($"/api/participation/surveys/{id}/results?by=relationship");
        Assert.Equal([3], StaffResponses(rawReport));
        for (var read = 0; read < 3; read++)
        {
            var published = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>($"/api/participation/surveys/{id}/results?by=relationship");
            Assert.True(StaffResponses(published).Count >= 2, "the staff group's 3 responses can be worked out");
        }
    }

    [Fact]
    public async Task Interview_themes_hide_a_theme_that_all_but_a_few_raised_and_give_back_no_count()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        for (var i = 0; i < 44; i++)
            Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync("/api/participation/interviews", new
            {
                heldOn = "2026-10-01", participantRelationship = "lived-experience", summary = "Why research felt distant.",
                themes = new[] { new { barrier = i < 41 ? "trust" : "stigma" } },
            })).StatusCode);

        // Those who did not raise trust: the interviews less those that did.
        static HashSet<int> DidNotRaiseTrust(JsonElement themes)
        {
            var raw = themes.GetProperty("raw").GetBoolean();
            var trust = themes.GetProperty("byBarrier").EnumerateArray().Single(t => t.GetProperty("barrier").GetString() == "trust").GetProperty("interviews");
            var total = Possible(themes.GetProperty("interviews"), raw, null);
            return total.SelectMany(t => Possible(trust, raw, null).Select(r => t - r)).Where(n => n >= 0).ToHashSet();
        }

        Assert.Equal([3], DidNotRaiseTrust(await coordinator.GetFromJsonAsync<JsonElement>("/api/participation/interviews/themes")));
        var published = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>("/api/participation/interviews/themes");
        Assert.Equal(JsonValueKind.Null, published.GetProperty("byBarrier").EnumerateArray()
            .Single(t => t.GetProperty("barrier").GetString() == "trust").GetProperty("interviews").ValueKind); // 41 of 44: hidden
        Assert.True(DidNotRaiseTrust(published).Count >= 2, "the 3 interviews that did not raise trust can be worked out");
    }

    [Fact]
    public async Task Feasibility_queries_repeated_and_differenced_do_not_give_back_a_small_count()
    {
        await AddVolunteersAsync(3, "qza");
        await AddVolunteersAsync(10, "qzb");
        async Task<JsonElement> CountAsync(HttpClient client, params string[] languages) =>
            await (await client.PostAsJsonAsync("/api/participation/feasibility", new { criteria = new { languages } })).Content.ReadFromJsonAsync<JsonElement>();

        // The small group is both languages less the larger one.
        static HashSet<int> SmallGroup(JsonElement both, JsonElement larger, JsonElement small)
        {
            HashSet<int> Read(JsonElement f) => f.GetProperty("rawCount") is { ValueKind: JsonValueKind.Number } raw ? [raw.GetInt32()] : Possible(f.GetProperty("count"), false, null);
            var shown = Read(small);
            return Read(both).SelectMany(b => Read(larger).Select(l => b - l)).Where(shown.Contains).ToHashSet();
        }

        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        Assert.Equal([3], SmallGroup(await CountAsync(coordinator, "qza", "qzb"), await CountAsync(coordinator, "qzb"), await CountAsync(coordinator, "qza")));
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var answers = new List<string>();
        for (var read = 0; read < 5; read++)
        {
            var (both, larger, small) = (await CountAsync(researcher, "qza", "qzb"), await CountAsync(researcher, "qzb"), await CountAsync(researcher, "qza"));
            Assert.True(SmallGroup(both, larger, small).Count >= 2, "3 volunteers can be worked out by differencing");
            answers.Add($"{both} {larger} {small}");
        }
        Assert.Single(answers.Distinct()); // asking again tells nothing new: no noise to average away
    }

    [Theory]
    [InlineData(20, 12, 3, 0)] // 5 have not answered yet
    [InlineData(10, 8, 1, 1)] // the one who left the register and the one who declined: both hidden, neither pinned to 1
    public async Task The_funnel_and_the_team_s_own_list_do_not_give_back_how_many_declined(int batch, int interested, int declined, int leave)
    {
        var team = factory.CreateClient().As(Roles.Researcher);
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var language = batch == 20 ? "qfa" : "qfb";
        var created = await team.PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Peer support after a first episode of psychosis", laySummary = "Does meeting a peer worker early help people stay well?",
            sponsor = "East London NHS Foundation Trust", sites = new[] { "Newham Centre for Mental Health" }, boroughs = new[] { RegisterSeeding.TowerHamlets },
            eligibility = new { minAge = 18, maxAge = 65, languages = new[] { language } }, recruitmentTarget = 20,
        });
        var studyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/participation/studies/{studyId}/status", new { status = "active" })).StatusCode);
        var subjects = Enumerable.Range(0, batch).Select(_ => Guid.NewGuid().ToString()).ToList();
        var ids = new List<Guid>();
        foreach (var subject in subjects)
            ids.AddRange(await RegisterSeeding.AddVolunteersAsync(factory.Services, 1, language, "white-british", subject: subject));
        var proposalId = await RegisterSeeding.ProposalAsync(factory.Services, studyId, ids);
        var confirmed = await team.PostAsJsonAsync($"/api/participation/studies/{studyId}/invitations", new { proposalId });
        var invited = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invited").GetInt32();
        for (var i = 0; i < interested + declined + leave; i++)
        {
            var volunteer = factory.CreateClient().As(Roles.Volunteer, subjects[i]);
            if (i >= interested + declined)
            {
                Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsync("/api/participation/volunteers/me/withdraw", null)).StatusCode);
                continue;
            }
            var invitation = (await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations")).GetProperty("items")[0].GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsJsonAsync($"/api/participation/volunteers/me/invitations/{invitation}/answer",
                new { status = i < interested ? "interested" : "declined" })).StatusCode);
        }

        // The team knows how many it invited and reads everyone after interest in its list; the stages before interest
        // must add up to the rest. Each is what it is published as: exact when raw, what rounds to it, 1–7 when small.
        static HashSet<int> Declined(JsonElement funnel, int invited, int listed)
        {
            var raw = funnel.GetProperty("raw").GetBoolean();
            var before = funnel.GetProperty("stages").EnumerateArray().Where(s => !s.GetProperty("afterInterest").GetBoolean())
                .ToDictionary(s => s.GetProperty("status").GetString()!, s => s.GetProperty("suppression").GetString() == "small"
                    ? Enumerable.Range(1, DisclosureControl.LargestSmallCount).ToHashSet() : Possible(s.GetProperty("count"), raw, null));
            var othersCanMake = before.Where(s => s.Key != "declined").Aggregate(new HashSet<int> { 0 },
                (sums, stage) => sums.SelectMany(sum => stage.Value.Select(n => sum + n)).ToHashSet());
            return before["declined"].Where(d => othersCanMake.Contains(invited - listed - d)).ToHashSet();
        }

        var list = await team.GetFromJsonAsync<JsonElement>($"/api/participation/studies/{studyId}/invitations?pageSize=50");
        var listed = list.GetProperty("total").GetInt32();
        Assert.Equal((batch, interested), (invited, listed));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal("interested", i.GetProperty("status").GetString()));
        Assert.Equal([declined], Declined(await coordinator.GetFromJsonAsync<JsonElement>($"/api/participation/studies/{studyId}/funnel"), invited, listed));
        var published = await team.GetFromJsonAsync<JsonElement>($"/api/participation/studies/{studyId}/funnel");
        Assert.True(Declined(published, invited, listed).Count >= 2, $"the {declined} who declined can be worked out");
    }

    /// <summary>Every true count a published one could be: itself when raw, else what rounds to it, narrowed by a share of it given to 4 places.</summary>
    private static HashSet<int> Possible(JsonElement count, bool raw, JsonElement? share)
    {
        var candidates = count.ValueKind != JsonValueKind.Number ? Enumerable.Range(0, Unbounded + 1)
            : raw ? [count.GetInt32()]
            : Enumerable.Range(Math.Max(0, count.GetInt32() - 2), 5).Where(n => DisclosureControl.Round(n) == count.GetInt32());
        if (share is { ValueKind: JsonValueKind.Number } s)
            candidates = candidates.Where(n => n > 0 && Enumerable.Range(0, n + 1).Any(x => Math.Abs(Math.Round(x / (double)n, 4) - s.GetDouble()) < 1e-9));
        return candidates.ToHashSet();
    }

    private Task AddVolunteersAsync(int count, string language) =>
        RegisterSeeding.AddVolunteersAsync(factory.Services, count, language, "white-british", imdDecile: 3);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Learning;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// Learning after 26 weeks of 37 registrants: 11 a week from IMD deciles 1-2 for 16 weeks (but 3 in the fifth
/// week), then 29 a week. Published, that is 10 of 35 and 30 of 35 a week, and the fifth week hidden.
/// </summary>
public sealed class IndicatorFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning), IAsyncLifetime
{
    public const int Registrants = 37;
    public const int HiddenWeek = 4;
    public static int Deprived(int week) => week == HiddenWeek ? 3 : week < 16 ? 11 : 29;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var thisWeek = IndicatorCharts.WeekStart(DateOnly.FromDateTime(DateTime.UtcNow));
        var events = new List<VolunteerRegistered>();
        for (var week = 0; week < 26; week++)
        {
            var at = new DateTimeOffset(thisWeek.AddDays(-7 * (25 - week)).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            var deprived = Deprived(week);
            for (var i = 0; i < Registrants; i++)
                events.Add(new VolunteerRegistered(Guid.NewGuid(), at, "35-44", "white-british", "female", "E09000025", i < deprived ? 1 : 6,
                    Imd2025Decile: i < deprived ? 2 : 7));
        }
        foreach (var e in events) await Harness.Bus.Publish(e);
        await WaitUntilAsync<LearningDbContext>(async db => await db.RegisteredVolunteers.CountAsync() == events.Count);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class IndicatorTests(IndicatorFactory factory) : IClassFixture<IndicatorFactory>
{
    [Fact]
    public async Task A_rise_in_registrants_from_deprived_areas_raises_signals_once_and_publishes_them()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var first = await (await coordinator.PostAsync("/api/learning/indicators/evaluate", null)).Content.ReadFromJsonAsync<JsonElement>();
        var weekly = first.EnumerateArray().Where(s => s.GetProperty("indicatorId").GetString() == "new-registrants-imd-1-2"
                                                       && s.GetProperty("period").GetString() == "weekly").ToList();
        Assert.Contains(weekly, s => s.GetProperty("rule").GetString() == "shift");
        Assert.Contains(weekly, s => s.GetProperty("rule").GetString() == "beyond-limits");
        Assert.True(await factory.PublishedAsync<IndicatorSignalRaised>(m => m.Rule == "shift"));

        var second = await (await coordinator.PostAsync("/api/learning/indicators/evaluate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, second.GetArrayLength()); // each signal is raised once
    }

    [Fact]
    public async Task Indicators_show_their_target_limits_and_points_to_researchers_but_only_coordinators_evaluate()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var weekly = await WeeklyDeprivationChartAsync(researcher);
        var target = weekly.GetProperty("target").GetDouble();
        Assert.InRange(target, 0.05, 0.5); // the programme's population in IMD 2025 deciles 1-2
        Assert.Equal("imd-2025", weekly.GetProperty("edition").GetString());
        var points = weekly.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(26, points.Count);
        // Every point is drawn from rounded counts: 10 of 35, then 30 of 35; 3 of 37 is too few to show.
        Assert.All(points, p => Assert.Equal(35, p.GetProperty("registrants").GetInt32()));
        Assert.Equal(10 / 35.0, points[0].GetProperty("value").GetDouble(), 10);
        Assert.Equal(30 / 35.0, points[20].GetProperty("value").GetDouble(), 10);
        Assert.True(points[IndicatorFactory.HiddenWeek].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, points[IndicatorFactory.HiddenWeek].GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, points[IndicatorFactory.HiddenWeek].GetProperty("upper").ValueKind);
        Assert.Single(points, p => p.GetProperty("suppressed").GetBoolean());
        // The centre line is the published points' (15 weeks of 10 and 10 of 30, over 25 weeks of 35).
        Assert.Equal(450 / 875.0, weekly.GetProperty("centre").GetDouble(), 10);
        Assert.Contains(weekly.GetProperty("signals").EnumerateArray(), x => x.GetProperty("rule").GetString() == "shift");

        var denied = await researcher.PostAsync("/api/learning/indicators/evaluate", null);
        await denied.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// A researcher reads the chart and tries what used to work. A published value read as an exact proportion of
    /// a period's true counts, beside its rounded registrants, gave both counts back; the centre line, taken over
    /// every period, then gave back the hidden period's count. Neither may pin the true counts now, and no signal
    /// may fall on the hidden period.
    /// </summary>
    [Fact]
    public async Task No_true_count_can_be_worked_back_from_the_published_chart()
    {
        var weekly = await WeeklyDeprivationChartAsync(factory.CreateClient().As(Roles.Researcher));
        var points = weekly.GetProperty("points").EnumerateArray().ToList();
        var centre = weekly.GetProperty("centre").GetDouble();

        // Attack 1: the value is x/n for the true counts, where n rounds to the published registrants.
        var guesses = new List<(int In, int All)>();
        for (var week = 0; week < points.Count; week++)
        {
            if (week == IndicatorFactory.HiddenWeek) continue;
            var value = points[week].GetProperty("value").GetDouble();
            var candidates = CountsRoundingTo(points[week].GetProperty("registrants").GetInt32())
                .SelectMany(n => Enumerable.Range(0, n + 1).Select(x => (In: x, All: n)))
                .Where(c => Math.Abs(c.In / (double)c.All - value) < 1e-12).ToList();
            var truth = (IndicatorFactory.Deprived(week), IndicatorFactory.Registrants);
            Assert.False(candidates is [var only] && only == truth, $"week {week}: its true counts {truth} follow from its value and registrants");
            guesses.Add(candidates.FirstOrDefault());
        }

        // Attack 2: with those counts, the centre (Σx/Σn over every week) leaves one pair for the hidden week.
        var (knownIn, knownAll) = (guesses.Sum(g => g.In), guesses.Sum(g => g.All));
        var hidden = CountsRoundingTo(points[IndicatorFactory.HiddenWeek].GetProperty("registrants").GetInt32())
            .SelectMany(n => Enumerable.Range(1, DisclosureControl.LargestSmallCount).Select(x => (In: x, All: n)))
            .Where(h => Math.Abs((knownIn + h.In) / (double)(knownAll + h.All) - centre) < 1e-12).ToList();
        Assert.False(hidden is [var pair] && pair == (IndicatorFactory.Deprived(IndicatorFactory.HiddenWeek), IndicatorFactory.Registrants),
            "the hidden week's count follows from the centre line");

        var hiddenStart = points[IndicatorFactory.HiddenWeek].GetProperty("periodStart").GetString();
        Assert.DoesNotContain(weekly.GetProperty("signals").EnumerateArray(), s => s.GetProperty("periodStart").GetString() == hiddenStart);
    }

    private static IEnumerable<int> CountsRoundingTo(int published) =>
        Enumerable.Range(Math.Max(1, published - 2), 5).Where(n => DisclosureControl.Round(n) == published);

    private static async Task<JsonElement> WeeklyDeprivationChartAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/learning/indicators")).EnumerateArray()
        .Single(c => c.GetProperty("id").GetString() == "new-registrants-imd-1-2" && c.GetProperty("period").GetString() == "weekly");
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Learning;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>Learning after 26 weeks of 20 registrants: 4 a week from IMD deciles 1-2 for 16 weeks, then 16 a week.</summary>
public sealed class IndicatorFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning), IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var thisWeek = IndicatorCharts.WeekStart(DateOnly.FromDateTime(DateTime.UtcNow));
        var events = new List<VolunteerRegistered>();
        for (var week = 0; week < 26; week++)
        {
            var at = new DateTimeOffset(thisWeek.AddDays(-7 * (25 - week)).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            var deprived = week < 16 ? 4 : 16;
            for (var i = 0; i < 20; i++)
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
        var charts = await researcher.GetFromJsonAsync<JsonElement>("/api/learning/indicators");
        var weekly = charts.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "new-registrants-imd-1-2"
                                                        && c.GetProperty("period").GetString() == "weekly");
        var target = weekly.GetProperty("target").GetDouble();
        Assert.InRange(target, 0.05, 0.5); // the programme's population in IMD 2025 deciles 1-2
        Assert.Equal("imd-2025", weekly.GetProperty("edition").GetString());
        var points = weekly.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(26, points.Count);
        // 4 of 20 and 16 of 20: 4 people (in, or out of, the groups) are too few to show.
        Assert.All(points, p => Assert.True(p.GetProperty("suppressed").GetBoolean()));
        Assert.All(points, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("value").ValueKind));
        Assert.Equal((64 + 160) / 520.0, weekly.GetProperty("centre").GetDouble(), 10);
        Assert.Contains(weekly.GetProperty("signals").EnumerateArray(), x => x.GetProperty("rule").GetString() == "shift");

        var denied = await researcher.PostAsync("/api/learning/indicators/evaluate", null);
        await denied.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MhAll.Contracts.Training;
using MhAll.Learning.Data;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// Learning with trained staff in three ICBs: 22, 3 and 12. Published, that is 20, hidden (small) and hidden
/// (secondary), of 35; none yet champions or mentees. Other tests add staff with no ICB, and their own profession groups. Course places: this month
/// 32 to under-served staff groups and 19 to others (published 30 and 20 of 50), last month 3 and 20 (hidden).
/// </summary>
public sealed class WorkforceFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning), IAsyncLifetime
{
    public static readonly (string Icb, int Staff)[] Icbs = [("E54000026", 22), ("E54000029", 3), ("E54000068", 12)];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        foreach (var (icb, staff) in Icbs)
            for (var i = 0; i < staff; i++)
                await TrainAsync(Harness.Bus, Guid.NewGuid(), "nursing", icb);
        var now = DateTimeOffset.UtcNow;
        var places = new[] { (now, true, 32), (now, false, 19), (now.AddMonths(-1), true, 3), (now.AddMonths(-1), false, 20) };
        foreach (var (at, underServed, count) in places)
            for (var i = 0; i < count; i++)
                await Harness.Bus.Publish(new CoursePlaceTaken(Guid.NewGuid(), Guid.NewGuid(), underServed, false, at));
        var all = Icbs.Sum(i => i.Staff);
        await WaitUntilAsync<LearningDbContext>(async db => await db.StaffMembers.CountAsync() == all && await db.CourseCompletions.CountAsync() == all
                                                            && await db.CoursePlaces.CountAsync() == places.Sum(p => p.Item3));
    }

    public static async Task TrainAsync(IBus bus, Guid profileId, string professionGroup, string? icb)
    {
        await bus.Publish(new StaffProfileRegistered(profileId, DateTimeOffset.UtcNow, professionGroup, "mental-health-nursing", "nhs-trust", icb,
            "entry", "white-british", false));
        await bus.Publish(new CourseCompleted(Guid.NewGuid(), Guid.NewGuid(), ["research-champion"], "entry", profileId, professionGroup, "nhs-trust",
            icb, false, DateTimeOffset.UtcNow));
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class WorkforceTests(WorkforceFactory factory) : IClassFixture<WorkforceFactory>
{
    private const string Workforce = "/api/learning/workforce";

    [Fact]
    public async Task A_profile_and_a_completion_delivered_twice_are_counted_once()
    {
        var profileId = Guid.NewGuid();
        var group = $"g-{profileId:N}"[..12];
        var registered = new StaffProfileRegistered(profileId, DateTimeOffset.UtcNow, group, "x", "vcse", null, null, null, true);
        var completed = new CourseCompleted(Guid.NewGuid(), Guid.NewGuid(), ["mentor-training"], "entry", profileId, group, "vcse", null, true, DateTimeOffset.UtcNow);
        var (registeredId, completedId) = (NewId.NextGuid(), NewId.NextGuid());
        for (var i = 0; i < 2; i++)
        {
            await factory.Harness.Bus.Publish(registered, c => c.MessageId = registeredId);
            await factory.Harness.Bus.Publish(completed, c => c.MessageId = completedId);
        }
        await factory.WaitUntilAsync<LearningDbContext>(async db =>
            await db.InboxMessages.CountAsync(m => m.MessageId == registeredId || m.MessageId == completedId) == 2);
        await Task.Delay(500); // let any duplicate finish

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        Assert.Equal(1, await db.StaffMembers.CountAsync(m => m.ProfileId == profileId));
        Assert.Equal(1, await db.CourseCompletions.CountAsync(c => c.ProfileId == profileId));
        Assert.Equal(1, (await GroupsAsync("profession-group", raw: true)).GetValueOrDefault(group));
    }

    [Fact]
    public async Task An_erased_profile_leaves_the_counts_and_later_events_about_it_change_nothing()
    {
        var profileId = Guid.NewGuid();
        var group = $"e-{profileId:N}"[..12];
        await WorkforceFactory.TrainAsync(factory.Harness.Bus, profileId, group, null);
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.CourseCompletions.AnyAsync(c => c.ProfileId == profileId)
                                                                    && await db.StaffMembers.AnyAsync(m => m.ProfileId == profileId));
        Assert.Equal(1, (await GroupsAsync("profession-group", raw: true)).GetValueOrDefault(group));

        await factory.Harness.Bus.Publish(new StaffProfileErased(profileId, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.StaffErasureTombstones.AnyAsync(t => t.ProfileId == profileId));
        // Late: a change, a registration redelivered under another message id, and another completion.
        await factory.Harness.Bus.Publish(new StaffProfileChanged(profileId, DateTimeOffset.UtcNow, group, "x", "vcse", null, null, null, true));
        await WorkforceFactory.TrainAsync(factory.Harness.Bus, profileId, group, null);
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.CourseCompletions.CountAsync(c => c.Tags.Contains("research-champion")
            && c.CompletedAt.TimeOfDay == TimeSpan.Zero) >= 2);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        Assert.False(await db.StaffMembers.AnyAsync(m => m.ProfileId == profileId));
        Assert.False(await db.CourseCompletions.AnyAsync(c => c.ProfileId == profileId));
        Assert.False((await GroupsAsync("profession-group", raw: true)).ContainsKey(group));
    }

    [Fact]
    public async Task Champions_not_stood_down_and_mentees_are_counted_by_their_categories_and_erasure_removes_them()
    {
        var (champion, formerChampion, mentee) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var group = $"c-{champion:N}"[..12];
        foreach (var id in new[] { champion, formerChampion, mentee }) await WorkforceFactory.TrainAsync(factory.Harness.Bus, id, group, null);
        var stoodDown = Guid.NewGuid();
        // The standing down overtakes the appointment: it stays stood down.
        await factory.Harness.Bus.Publish(new ChampionStoodDown(stoodDown, formerChampion, Guid.NewGuid(), "nhs-trust", null, group, DateOnly.FromDateTime(DateTime.UtcNow)));
        await factory.Harness.Bus.Publish(new ChampionAppointed(stoodDown, formerChampion, Guid.NewGuid(), "nhs-trust", null, group, DateOnly.FromDateTime(DateTime.UtcNow)));
        await factory.Harness.Bus.Publish(new ChampionAppointed(Guid.NewGuid(), champion, Guid.NewGuid(), "nhs-trust", null, group, DateOnly.FromDateTime(DateTime.UtcNow)));
        await factory.Harness.Bus.Publish(new MentoringStarted(Guid.NewGuid(), mentee, champion, group, "nhs-trust", null, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.ChampionAppointments.CountAsync(c => c.ProfileId == champion || c.ProfileId == formerChampion) == 2
            && await db.MentoringRelationships.AnyAsync(r => r.MenteeProfileId == mentee)
            && await db.StaffMembers.CountAsync(m => m.ProfessionGroup == group) == 3);
        Assert.Equal(1, (await GroupsAsync("profession-group", raw: true, "champions")).GetValueOrDefault(group));
        Assert.Equal(1, (await GroupsAsync("profession-group", raw: true, "mentees")).GetValueOrDefault(group));

        await factory.Harness.Bus.Publish(new StaffProfileErased(mentee, DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new StaffProfileErased(champion, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => !await db.ChampionAppointments.AnyAsync(c => c.ProfileId == champion)
                                                                    && !await db.MentoringRelationships.AnyAsync(r => r.MenteeProfileId == mentee));
        Assert.False((await GroupsAsync("profession-group", raw: true, "champions")).ContainsKey(group));
        Assert.False((await GroupsAsync("profession-group", raw: true, "mentees")).ContainsKey(group));
    }

    [Fact]
    public async Task Partner_completions_count_staff_as_trained_once_each_and_erasure_removes_them()
    {
        var (both, partnerOnly, early) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var group = $"p-{both:N}"[..12];
        ExternalTrainingRecorded Partner(Guid profileId) => new(Guid.NewGuid(), profileId, "MI-101", "Motivational interviewing",
            DateOnly.FromDateTime(DateTime.UtcNow), group, "nhs-trust", null, false, DateTimeOffset.UtcNow);
        async Task RegisterAsync(Guid profileId) => await factory.Harness.Bus.Publish(new StaffProfileRegistered(profileId, DateTimeOffset.UtcNow, group,
            "nursing", "nhs-trust", null, "entry", null, false));

        // Trained in the Academy and twice through a partner, the first partner completion delivered twice.
        await WorkforceFactory.TrainAsync(factory.Harness.Bus, both, group, null);
        var (twice, twiceId) = (Partner(both), NewId.NextGuid());
        for (var i = 0; i < 2; i++) await factory.Harness.Bus.Publish(twice, c => c.MessageId = twiceId);
        await factory.Harness.Bus.Publish(Partner(both));
        // Trained through a partner only; and one whose completion arrives before their profile.
        await RegisterAsync(partnerOnly);
        await factory.Harness.Bus.Publish(Partner(partnerOnly));
        await factory.Harness.Bus.Publish(Partner(early));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.PartnerCompletions.CountAsync(c => c.ProfileId == both) == 2
                                                                    && await db.PartnerCompletions.AnyAsync(c => c.ProfileId == partnerOnly)
                                                                    && await db.PartnerCompletions.AnyAsync(c => c.ProfileId == early)
                                                                    && await db.StaffMembers.CountAsync(m => m.ProfessionGroup == group) == 2);
        Assert.Equal(2, (await GroupsAsync("profession-group", raw: true)).GetValueOrDefault(group));
        await RegisterAsync(early);
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.StaffMembers.AnyAsync(m => m.ProfileId == early));
        Assert.Equal(3, (await GroupsAsync("profession-group", raw: true)).GetValueOrDefault(group));

        await factory.Harness.Bus.Publish(new StaffProfileErased(partnerOnly, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.StaffErasureTombstones.AnyAsync(t => t.ProfileId == partnerOnly));
        var lateId = NewId.NextGuid();
        await factory.Harness.Bus.Publish(Partner(partnerOnly), c => c.MessageId = lateId); // late: changes nothing
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.InboxMessages.AnyAsync(m => m.MessageId == lateId));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LearningDbContext>().PartnerCompletions.AnyAsync(c => c.ProfileId == partnerOnly));
        Assert.Equal(2, (await GroupsAsync("profession-group", raw: true)).GetValueOrDefault(group));
    }

    [Fact]
    public async Task Mentees_are_those_ever_mentored_so_an_ended_mentoring_still_counts()
    {
        var mentee = Guid.NewGuid();
        var group = $"m-{mentee:N}"[..12];
        await WorkforceFactory.TrainAsync(factory.Harness.Bus, mentee, group, null);
        var relationship = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new MentoringStarted(relationship, mentee, Guid.NewGuid(), group, "nhs-trust", null, DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new MentoringEnded(relationship, mentee, Guid.NewGuid(), "goals-met", "mentee", DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db => await db.MentoringRelationships.AnyAsync(r => r.RelationshipId == relationship)
                                                                    && await db.StaffMembers.AnyAsync(m => m.ProfileId == mentee));
        Assert.Equal(1, (await GroupsAsync("profession-group", raw: true, "mentees")).GetValueOrDefault(group));
    }

    [Fact]
    public async Task Published_counts_hide_small_groups_and_a_partner_raw_counts_are_exact_and_audited()
    {
        var published = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>($"{Workforce}?by=icb");
        Assert.True(published.GetProperty("protected").GetBoolean());
        var cells = published.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal(20, cells["E54000026"].GetProperty("count").GetInt32());
        Assert.Equal("small-count", cells["E54000029"].GetProperty("suppression").GetString());
        Assert.Equal(JsonValueKind.Null, cells["E54000029"].GetProperty("count").ValueKind);
        Assert.Equal("secondary", cells["E54000068"].GetProperty("suppression").GetString());
        Assert.Equal(35, published.GetProperty("total").GetInt32());

        var raw = await GroupsAsync("icb", raw: true);
        foreach (var (icb, staff) in WorkforceFactory.Icbs) Assert.Equal(staff, raw[icb]);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.RawFigureRead && a.SubjectId.StartsWith("workforce")));
    }

    [Fact]
    public async Task The_under_served_places_indicator_is_charted_monthly_from_published_counts_against_its_target()
    {
        var chart = (await factory.CreateClient().As(Roles.Partner).GetFromJsonAsync<JsonElement>("/api/learning/indicators")).EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "course-places-under-served" && c.GetProperty("period").GetString() == "monthly");
        Assert.Equal(0.5, chart.GetProperty("target").GetDouble());
        var points = chart.GetProperty("points").EnumerateArray().ToList();
        var (lastMonth, thisMonth) = (points[^2], points[^1]);
        Assert.Equal(50, thisMonth.GetProperty("registrants").GetInt32());
        Assert.Equal(30 / 50.0, thisMonth.GetProperty("value").GetDouble(), 12); // not 32/51
        Assert.True(lastMonth.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lastMonth.GetProperty("value").ValueKind);
    }

    [Theory]
    [InlineData(Roles.Volunteer, "")]
    [InlineData(Roles.Researcher, "?raw=true")]
    [InlineData(Roles.Partner, "?raw=true")]
    public async Task Volunteers_get_no_figures_and_only_coordinators_raw_ones(string role, string query)
    {
        var response = await factory.CreateClient().As(role).GetAsync(Workforce + query);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("?by=age-band", "by")]
    [InlineData("?population=volunteers", "population")]
    [InlineData("?population=everyone&by=icb", "population")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        var problem = await (await factory.CreateClient().As(Roles.Coordinator).GetAsync(Workforce + query)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<Dictionary<string, int>> GroupsAsync(string by, bool raw, string population = "trained")
    {
        var response = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"{Workforce}?population={population}&by={by}&raw={raw}");
        return response.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("count").GetInt32());
    }
}

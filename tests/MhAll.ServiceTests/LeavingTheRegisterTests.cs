using MassTransit;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class LeavingFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning);

/// <summary>Withdrawal and erasure as decided in docs/decisions/0004-erasure-in-aggregates.md.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class LeavingTheRegisterTests(LeavingFactory factory) : IClassFixture<LeavingFactory>
{
    private const string Newham = "E09000025";
    private const string Havering = "E09000016"; // each test its own area: they share a database

    private async Task<int> RegisterCountAsync(string area)
    {
        var report = await factory.CreateClient().As(Roles.Coordinator)
            .GetFromJsonAsync<JsonElement>($"/api/learning/representation?area={area}&dimension=sex&raw=true");
        return report.GetProperty("total").GetInt32();
    }

    private Task WaitForAsync(Func<LearningDbContext, Task<bool>> condition) => factory.WaitUntilAsync(condition);

    private static VolunteerRegistered Registration(Guid id, string area) => new(id, DateTimeOffset.UtcNow, "45-54", "black-caribbean", "male", area, 3);

    [Fact]
    public async Task Withdrawn_and_erased_volunteers_leave_the_register_but_stay_in_the_history_and_erasure_cuts_the_link()
    {
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids) await factory.Harness.Bus.Publish(Registration(id, Newham));
        await WaitForAsync(async db => await db.RegisteredVolunteers.CountAsync(v => ids.Contains(v.VolunteerId)) == 10);
        var before = await RegisterCountAsync(Newham);

        await factory.Harness.Bus.Publish(new VolunteerWithdrawn(ids[0], DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new VolunteerErased(ids[1], DateTimeOffset.UtcNow));
        await WaitForAsync(async db => !await db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == ids[1])
                                       && await db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == ids[0] && v.Left));

        Assert.Equal(before - 2, await RegisterCountAsync(Newham));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var anonymised = await db.RegisteredVolunteers.Where(v => v.Anonymised && v.LocalAuthorityCode == Newham).ToListAsync();
        var erased = Assert.Single(anonymised);
        Assert.DoesNotContain(erased.VolunteerId, ids);
        Assert.Equal(TimeSpan.Zero, erased.RegisteredAt.TimeOfDay); // only the week is kept
        Assert.Equal(DayOfWeek.Monday, erased.RegisteredAt.DayOfWeek);
        Assert.Equal(10, await db.RegisteredVolunteers.CountAsync(v => v.LocalAuthorityCode == Newham)); // history keeps all ten
    }

    [Fact]
    public async Task A_volunteer_who_moves_is_counted_in_their_new_area()
    {
        const string redbridge = "E09000026", barking = "E09000002";
        var id = Guid.NewGuid();
        var beforeRedbridge = await RegisterCountAsync(redbridge);
        var beforeBarking = await RegisterCountAsync(barking);
        await factory.Harness.Bus.Publish(Registration(id, redbridge));
        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id));
        Assert.Equal(beforeRedbridge + 1, await RegisterCountAsync(redbridge));

        await factory.Harness.Bus.Publish(new VolunteerDemographicsChanged(id, DateTimeOffset.UtcNow, "45-54", "black-caribbean", "male", barking, 1));
        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id && v.LocalAuthorityCode == barking));

        Assert.Equal(beforeRedbridge, await RegisterCountAsync(redbridge));
        Assert.Equal(beforeBarking + 1, await RegisterCountAsync(barking));
    }

    [Fact]
    public async Task An_older_change_of_categories_that_arrives_late_does_not_undo_a_newer_one()
    {
        const string brentwood = "E07000068", chelmsford = "E07000070";
        var id = Guid.NewGuid();
        await factory.Harness.Bus.Publish(Registration(id, brentwood));
        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id));
        var now = DateTimeOffset.UtcNow;
        await factory.Harness.Bus.Publish(new VolunteerDemographicsChanged(id, now.AddMinutes(1), "45-54", "black-caribbean", "male", chelmsford, 2));
        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id && v.LocalAuthorityCode == chelmsford));
        var chelmsfordBefore = await RegisterCountAsync(chelmsford);

        var late = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new VolunteerDemographicsChanged(id, now, "45-54", "black-caribbean", "male", brentwood, 3),
            context => context.MessageId = late);
        await WaitForAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == late));

        Assert.Equal(chelmsfordBefore, await RegisterCountAsync(chelmsford));
        await using var scope = factory.Services.CreateAsyncScope();
        var volunteer = await scope.ServiceProvider.GetRequiredService<LearningDbContext>().RegisteredVolunteers.SingleAsync(v => v.VolunteerId == id);
        Assert.Equal((chelmsford, 2), (volunteer.LocalAuthorityCode, volunteer.ImdDecile));
    }

    [Fact]
    public async Task A_withdrawal_and_an_erasure_handled_at_the_same_moment_take_the_volunteer_off_the_register_once()
    {
        const string maldon = "E07000074";
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var before = await RegisterCountAsync(maldon);
        foreach (var id in ids) await factory.Harness.Bus.Publish(Registration(id, maldon));
        await WaitForAsync(async db => await db.RegisteredVolunteers.CountAsync(v => ids.Contains(v.VolunteerId)) == ids.Count);
        Assert.Equal(before + ids.Count, await RegisterCountAsync(maldon));

        // Half of them leave; each one's two events are consumed side by side.
        var leaving = ids.Take(20).Select(id => (Id: id, Withdrawal: Guid.NewGuid(), Erasure: Guid.NewGuid())).ToList();
        await Task.WhenAll(leaving.SelectMany(v => new[]
        {
            factory.Harness.Bus.Publish(new VolunteerWithdrawn(v.Id, DateTimeOffset.UtcNow), context => context.MessageId = v.Withdrawal),
            factory.Harness.Bus.Publish(new VolunteerErased(v.Id, DateTimeOffset.UtcNow), context => context.MessageId = v.Erasure),
        }));
        var messages = leaving.SelectMany(v => new[] { v.Withdrawal, v.Erasure }).ToList();
        await WaitForAsync(async db => await db.InboxMessages.CountAsync(m => messages.Contains(m.MessageId)) == messages.Count);

        Assert.Equal(before + 20, await RegisterCountAsync(maldon));
    }

    [Fact]
    public async Task An_erasure_that_arrives_before_its_registration_is_never_counted_on_the_register()
    {
        var id = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new VolunteerErased(id, DateTimeOffset.UtcNow));
        await WaitForAsync(db => db.ErasureTombstones.AnyAsync(t => t.VolunteerId == id));
        var before = await RegisterCountAsync(Havering);
        var historyBefore = await HistoryCountAsync(Havering);

        await factory.Harness.Bus.Publish(Registration(id, Havering));
        await WaitForAsync(async db => await db.RegisteredVolunteers.CountAsync(v => v.LocalAuthorityCode == Havering) == historyBefore + 1);

        Assert.Equal(before, await RegisterCountAsync(Havering));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LearningDbContext>().RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id));
    }

    [Fact]
    public async Task A_withdrawal_that_overtakes_its_registration_still_takes_the_volunteer_off_the_register()
    {
        const string castlePoint = "E07000069";
        var id = Guid.NewGuid();
        var before = await RegisterCountAsync(castlePoint);
        await factory.Harness.Bus.Publish(new VolunteerWithdrawn(id, DateTimeOffset.UtcNow));
        await Task.Delay(300); // lets the withdrawal's first attempt find no registration; either order must end the same
        await factory.Harness.Bus.Publish(Registration(id, castlePoint));

        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id && v.Left));
        Assert.Equal(before, await RegisterCountAsync(castlePoint));
    }

    [Fact]
    public async Task A_withdrawal_that_arrives_after_the_erasure_changes_nothing()
    {
        const string rochford = "E07000075";
        var id = Guid.NewGuid();
        await factory.Harness.Bus.Publish(Registration(id, rochford));
        await WaitForAsync(db => db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id));
        await factory.Harness.Bus.Publish(new VolunteerErased(id, DateTimeOffset.UtcNow));
        await WaitForAsync(async db => !await db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == id));
        var before = await RegisterCountAsync(rochford);

        var withdrawal = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new VolunteerWithdrawn(id, DateTimeOffset.UtcNow), context => context.MessageId = withdrawal);

        // Handled at the first attempt, not retried towards the error queue.
        await WaitForAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == withdrawal));
        Assert.Equal(before, await RegisterCountAsync(rochford));
    }

    private async Task<int> HistoryCountAsync(string area)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LearningDbContext>().RegisteredVolunteers.CountAsync(v => v.LocalAuthorityCode == area);
    }
}

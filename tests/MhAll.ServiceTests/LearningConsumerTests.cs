using System.Net;
using System.Net.Http.Json;
using MassTransit;
using MassTransit.Testing;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class LearningFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning);

[Collection(ServiceTestsCollection.Name)]
public sealed class LearningConsumerTests(LearningFactory factory) : IClassFixture<LearningFactory>
{
    private const string Count = "/api/learning/registrations/count";

    [Fact]
    public async Task A_registration_delivered_three_times_is_counted_once()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var before = await coordinator.GetFromJsonAsync<CountDto>(Count);
        var volunteerId = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        using var duplicates = new CounterCapture("MhAll.Messaging", "mhall.inbox.duplicates_skipped");

        for (var i = 0; i < 3; i++)
            await factory.Harness.Bus.Publish(new VolunteerRegistered(volunteerId, DateTimeOffset.UtcNow, "25-34", "black-african"),
                context => context.MessageId = messageId);

        // The harness lists a message id once however often it arrives; the inbox's counter sees every duplicate.
        await WaitUntilAsync(() => duplicates.Total == 2);
        Assert.False(await factory.Harness.Published.Any<Fault<VolunteerRegistered>>());
        var after = await coordinator.GetFromJsonAsync<CountDto>(Count);
        Assert.Equal(before!.Registered + 1, after!.Registered);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var stored = await db.RegisteredVolunteers.SingleAsync(v => v.VolunteerId == volunteerId);
        Assert.Equal("black-african", stored.EthnicGroup);
        Assert.Equal(1, await db.InboxMessages.CountAsync(m => m.MessageId == messageId));
    }

    [Theory]
    [InlineData(Roles.Volunteer)]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Partner)]
    public async Task Raw_counts_are_for_coordinators_only(string role)
    {
        var response = await factory.CreateClient().As(role).GetAsync(Count);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    private sealed record CountDto(int Registered);
}

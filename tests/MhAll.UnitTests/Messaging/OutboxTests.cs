using System.Diagnostics;
using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.UnitTests.Messaging;

public sealed class OutboxTests
{
    private sealed class FakeDb : IMessagingDbContext
    {
        private readonly ParticipationDbContext _db = new(new DbContextOptionsBuilder<ParticipationDbContext>().UseNpgsql("Host=unused").Options);
        public DbSet<OutboxMessage> OutboxMessages => _db.OutboxMessages;
        public DbSet<InboxMessage> InboxMessages => _db.InboxMessages;
    }

    [Fact]
    public void Publishing_adds_a_row_with_the_contract_name_payload_and_trace_context()
    {
        using var source = new ActivitySource("test");
        using var listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);
        using var request = source.StartActivity("request")!;
        request.SetTag("correlation.id", "abc-123");
        var db = new FakeDb();
        var volunteerId = Guid.NewGuid();

        var row = db.Publish(new VolunteerRegistered(volunteerId, DateTimeOffset.UnixEpoch, "25-34", null));

        Assert.Equal("MhAll.Contracts.Participation.VolunteerRegistered, MhAll.Contracts", row.MessageType);
        Assert.Equal(typeof(VolunteerRegistered), MessageTypes.Resolve(row.MessageType));
        Assert.Contains(volunteerId.ToString(), row.Payload);
        Assert.Equal(request.Id, row.Headers[OutboxHeaders.TraceParent]);
        Assert.Equal("abc-123", row.Headers[OutboxHeaders.CorrelationId]);
        Assert.Null(row.SentAt);
        Assert.Equal(row.CreatedAt, row.NextAttemptAt);
    }

    [Fact]
    public void Message_ids_are_unique_and_increase_so_the_index_stays_compact()
    {
        var db = new FakeDb();
        var ids = Enumerable.Range(0, 1000).Select(_ => db.Publish(new VolunteerRegistered(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "18-24", null)).Id).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
    }

    [Fact]
    public void An_unknown_message_type_is_reported_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessageTypes.Resolve("MhAll.Contracts.Nope, MhAll.Contracts"));
        Assert.Contains("MhAll.Contracts.Nope", error.Message);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(5, 1600)]
    [InlineData(7, 5000)]
    [InlineData(60, 5000)]
    public void Backoff_doubles_from_100_ms_up_to_its_cap(int attempt, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), OutboxRelay<ParticipationDbContext>.Backoff(attempt, TimeSpan.FromSeconds(5)));
}

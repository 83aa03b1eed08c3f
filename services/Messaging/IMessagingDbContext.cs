using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Messaging;

/// <summary>A service's DbContext that carries the outbox and inbox tables (see <see cref="MessagingModel"/>).</summary>
public interface IMessagingDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }
    DbSet<InboxMessage> InboxMessages { get; }
}

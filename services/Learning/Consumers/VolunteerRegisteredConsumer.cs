using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Messaging.Inbox;

namespace MhAll.Learning.Consumers;

/// <summary>Adds a registration to Learning's read model.</summary>
public sealed class VolunteerRegisteredConsumer(LearningDbContext db, ILogger<VolunteerRegisteredConsumer> logger)
    : InboxConsumer<VolunteerRegistered, LearningDbContext>(db, logger)
{
    protected override Task HandleAsync(VolunteerRegistered message, ConsumeContext<VolunteerRegistered> context, CancellationToken cancellationToken)
    {
        Db.RegisteredVolunteers.Add(new RegisteredVolunteer
        {
            VolunteerId = message.VolunteerId,
            RegisteredAt = message.RegisteredAt,
            AgeBand = message.AgeBand,
            EthnicGroup = message.EthnicGroup,
            Sex = message.Sex,
            LocalAuthorityCode = message.LocalAuthorityCode,
            ImdDecile = message.ImdDecile,
        });
        return Task.CompletedTask;
    }
}

using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.Messaging.Inbox;

namespace MhAll.Learning.Consumers;

/// <summary>
/// A withdrawn volunteer leaves the register's counts; the registration stays in the history. A withdrawal that
/// overtakes its registration (queues do not keep order between event types) is retried until the registration has
/// arrived; one for a volunteer already erased has nothing left to do.
/// </summary>
public sealed class VolunteerWithdrawnConsumer(LearningDbContext db, ILogger<VolunteerWithdrawnConsumer> logger)
    : InboxConsumer<VolunteerWithdrawn, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(VolunteerWithdrawn message) => message.VolunteerId;

    protected override async Task HandleAsync(VolunteerWithdrawn message, ConsumeContext<VolunteerWithdrawn> context, CancellationToken cancellationToken)
    {
        if (await Db.ErasureTombstones.FindAsync([message.VolunteerId], cancellationToken) is not null) return;
        var volunteer = await Db.RegisteredVolunteers.FindAsync([message.VolunteerId], cancellationToken)
            ?? throw new EarlyEventException($"Volunteer {message.VolunteerId} is not registered here yet.");
        if (!volunteer.Left) await VolunteerLeftConsumers.LeaveRegisterAsync(Db, volunteer, cancellationToken);
    }
}

/// <summary>
/// An erased volunteer leaves the register's counts (if still in them), and the row that stays for the history of
/// registrations is anonymised: a new random id and the week instead of the time. A tombstone holding only the id
/// records the erasure, so that events about the volunteer arriving later change nothing (docs/decisions/0004).
/// </summary>
public sealed class VolunteerErasedConsumer(LearningDbContext db, ILogger<VolunteerErasedConsumer> logger)
    : InboxConsumer<VolunteerErased, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(VolunteerErased message) => message.VolunteerId;

    protected override async Task HandleAsync(VolunteerErased message, ConsumeContext<VolunteerErased> context, CancellationToken cancellationToken)
    {
        if (await Db.ErasureTombstones.FindAsync([message.VolunteerId], cancellationToken) is not null) return;
        Db.ErasureTombstones.Add(new ErasureTombstone { VolunteerId = message.VolunteerId, ErasedAt = message.ErasedAt });
        // Not here yet: the registration is stored anonymised when it arrives.
        if (await Db.RegisteredVolunteers.FindAsync([message.VolunteerId], cancellationToken) is not { } volunteer) return;
        if (!volunteer.Left) await VolunteerLeftConsumers.LeaveRegisterAsync(Db, volunteer, cancellationToken);
        Db.RegisteredVolunteers.Remove(volunteer);
        Db.RegisteredVolunteers.Add(VolunteerLeftConsumers.Anonymised(volunteer, left: true));
    }
}

public static class VolunteerLeftConsumers
{
    public static async Task LeaveRegisterAsync(LearningDbContext db, RegisteredVolunteer volunteer, CancellationToken cancellationToken)
    {
        volunteer.Left = true;
        await RegistrationCounts.AddAsync(db, volunteer.VolunteerId, volunteer.LocalAuthorityCode,
            VolunteerRegisteredConsumer.Groups(volunteer), -1, cancellationToken);
    }

    public static RegisteredVolunteer Anonymised(RegisteredVolunteer volunteer, bool left)
    {
        var week = new DateTimeOffset(IndicatorCharts.WeekStart(DateOnly.FromDateTime(volunteer.RegisteredAt.UtcDateTime))
            .ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new()
        {
            VolunteerId = Guid.NewGuid(),
            RegisteredAt = week,
            CategoriesAsOf = week,
            AgeBand = volunteer.AgeBand,
            EthnicGroup = volunteer.EthnicGroup,
            Sex = volunteer.Sex,
            LocalAuthorityCode = volunteer.LocalAuthorityCode,
            ImdDecile = volunteer.ImdDecile,
            Imd2025Decile = volunteer.Imd2025Decile,
            Left = left,
            Anonymised = true,
        };
    }
}

/// <summary>
/// A volunteer's categories changed: their place in the register's counts moves with them (if they are still on the
/// register); the history row takes the new categories. A change that overtakes its registration is retried until
/// the registration has arrived; one older than the categories already held changes nothing.
/// </summary>
public sealed class VolunteerDemographicsChangedConsumer(LearningDbContext db, ILogger<VolunteerDemographicsChangedConsumer> logger)
    : InboxConsumer<VolunteerDemographicsChanged, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(VolunteerDemographicsChanged message) => message.VolunteerId;

    protected override async Task HandleAsync(VolunteerDemographicsChanged message, ConsumeContext<VolunteerDemographicsChanged> context,
        CancellationToken cancellationToken)
    {
        if (await Db.ErasureTombstones.FindAsync([message.VolunteerId], cancellationToken) is not null) return;
        var volunteer = await Db.RegisteredVolunteers.FindAsync([message.VolunteerId], cancellationToken)
            ?? throw new EarlyEventException($"Volunteer {message.VolunteerId} is not registered here yet.");
        if (message.ChangedAt <= volunteer.CategoriesAsOf) return; // a later change has already arrived
        if (!volunteer.Left)
            await RegistrationCounts.AddAsync(Db, volunteer.VolunteerId, volunteer.LocalAuthorityCode, VolunteerRegisteredConsumer.Groups(volunteer), -1, cancellationToken);
        volunteer.CategoriesAsOf = message.ChangedAt;
        volunteer.AgeBand = message.AgeBand;
        volunteer.EthnicGroup = message.EthnicGroup;
        volunteer.Sex = message.Sex;
        volunteer.LocalAuthorityCode = message.LocalAuthorityCode;
        volunteer.ImdDecile = message.ImdDecile;
        volunteer.Imd2025Decile = message.Imd2025Decile;
        if (!volunteer.Left)
            await RegistrationCounts.AddAsync(Db, volunteer.VolunteerId, volunteer.LocalAuthorityCode, VolunteerRegisteredConsumer.Groups(volunteer), +1, cancellationToken);
    }
}

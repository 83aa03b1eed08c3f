using MassTransit;
using MhAll.Contracts.Training;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Consumers;

/// <summary>
/// A staff profile joins the workforce read model. One erased before it arrived (queues do not keep order between
/// event types) is not stored at all: its completions were already anonymised, and nothing counts a profile alone.
/// </summary>
public sealed class StaffProfileRegisteredConsumer(LearningDbContext db, ILogger<StaffProfileRegisteredConsumer> logger)
    : InboxConsumer<StaffProfileRegistered, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(StaffProfileRegistered message) => message.ProfileId;

    protected override async Task HandleAsync(StaffProfileRegistered message, ConsumeContext<StaffProfileRegistered> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        Db.StaffMembers.Add(new StaffMember
        {
            ProfileId = message.ProfileId,
            CategoriesAsOf = message.RegisteredAt,
            ProfessionGroup = message.ProfessionGroup,
            OrganisationType = message.OrganisationType,
            IcbCode = message.IcbCode,
            EthnicGroup = message.EthnicGroup,
            UnderServed = message.UnderServed,
        });
    }
}

/// <summary>
/// A profile's categories changed. A change that overtakes its registration is retried until the registration has
/// arrived; one older than the categories held, or for an erased profile, changes nothing.
/// </summary>
public sealed class StaffProfileChangedConsumer(LearningDbContext db, ILogger<StaffProfileChangedConsumer> logger)
    : InboxConsumer<StaffProfileChanged, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(StaffProfileChanged message) => message.ProfileId;

    protected override async Task HandleAsync(StaffProfileChanged message, ConsumeContext<StaffProfileChanged> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        var member = await Db.StaffMembers.FindAsync([message.ProfileId], cancellationToken)
            ?? throw new EarlyEventException($"Staff profile {message.ProfileId} is not registered here yet.");
        if (message.ChangedAt <= member.CategoriesAsOf) return; // a later change has already arrived
        member.CategoriesAsOf = message.ChangedAt;
        member.ProfessionGroup = message.ProfessionGroup;
        member.OrganisationType = message.OrganisationType;
        member.IcbCode = message.IcbCode;
        member.EthnicGroup = message.EthnicGroup;
        member.UnderServed = message.UnderServed;
    }
}

/// <summary>
/// A completed course. It may arrive before the profile (it is counted once the profile is here); one for an erased
/// profile is kept anonymised, as the history of completions.
/// </summary>
public sealed class CourseCompletedConsumer(LearningDbContext db, ILogger<CourseCompletedConsumer> logger)
    : InboxConsumer<CourseCompleted, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(CourseCompleted message) => message.ProfileId;

    protected override async Task HandleAsync(CourseCompleted message, ConsumeContext<CourseCompleted> context, CancellationToken cancellationToken)
    {
        var completion = new CourseCompletion
        {
            Id = Guid.NewGuid(),
            ProfileId = message.ProfileId,
            CourseId = message.CourseId,
            SessionId = message.SessionId,
            Tags = [.. message.Tags],
            CompletedAt = message.CompletedAt,
        };
        var erased = await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null;
        Db.CourseCompletions.Add(erased ? StaffErasure.Anonymised(completion) : completion);
    }
}

/// <summary>
/// A course completed in a partner's learning system: the person counts as trained, once however many completions they
/// have. Like an Academy completion it may arrive before the profile; one for an erased profile is not kept.
/// </summary>
public sealed class ExternalTrainingRecordedConsumer(LearningDbContext db, ILogger<ExternalTrainingRecordedConsumer> logger)
    : InboxConsumer<ExternalTrainingRecorded, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(ExternalTrainingRecorded message) => message.ProfileId;

    protected override async Task HandleAsync(ExternalTrainingRecorded message, ConsumeContext<ExternalTrainingRecorded> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        if (await Db.PartnerCompletions.FindAsync([message.CompletionId], cancellationToken) is not null) return;
        Db.PartnerCompletions.Add(new PartnerCompletion { CompletionId = message.CompletionId, ProfileId = message.ProfileId, CompletedOn = message.CompletedOn });
    }
}

/// <summary>A place taken on a course session, for the under-served places indicator.</summary>
public sealed class CoursePlaceTakenConsumer(LearningDbContext db, ILogger<CoursePlaceTakenConsumer> logger)
    : InboxConsumer<CoursePlaceTaken, LearningDbContext>(db, logger)
{
    protected override Task HandleAsync(CoursePlaceTaken message, ConsumeContext<CoursePlaceTaken> context, CancellationToken cancellationToken)
    {
        Db.CoursePlaces.Add(new CoursePlace
        {
            Id = Guid.NewGuid(), SessionId = message.SessionId, CourseId = message.CourseId, UnderServed = message.UnderServed, TakenAt = message.TakenAt,
        });
        return Task.CompletedTask;
    }
}

/// <summary>A research champion appointed; one already stood down (the events overtook each other) stays stood down.</summary>
public sealed class ChampionAppointedConsumer(LearningDbContext db, ILogger<ChampionAppointedConsumer> logger)
    : InboxConsumer<ChampionAppointed, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(ChampionAppointed message) => message.ProfileId;

    protected override async Task HandleAsync(ChampionAppointed message, ConsumeContext<ChampionAppointed> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        await StaffErasure.FindOrAddAppointmentAsync(Db, message.ChampionId, message.ProfileId, cancellationToken);
    }
}

/// <summary>A research champion stood down: they leave the champions' counts.</summary>
public sealed class ChampionStoodDownConsumer(LearningDbContext db, ILogger<ChampionStoodDownConsumer> logger)
    : InboxConsumer<ChampionStoodDown, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(ChampionStoodDown message) => message.ProfileId;

    protected override async Task HandleAsync(ChampionStoodDown message, ConsumeContext<ChampionStoodDown> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        (await StaffErasure.FindOrAddAppointmentAsync(Db, message.ChampionId, message.ProfileId, cancellationToken)).StoodDown = true;
    }
}

/// <summary>A mentoring relationship began: the mentee joins the mentees' counts.</summary>
public sealed class MentoringStartedConsumer(LearningDbContext db, ILogger<MentoringStartedConsumer> logger)
    : InboxConsumer<MentoringStarted, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(MentoringStarted message) => message.MenteeProfileId;

    protected override async Task HandleAsync(MentoringStarted message, ConsumeContext<MentoringStarted> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.MenteeProfileId], cancellationToken) is not null) return;
        if (await Db.MentoringRelationships.FindAsync([message.RelationshipId], cancellationToken) is not null) return;
        Db.MentoringRelationships.Add(new MentoringRelationship { RelationshipId = message.RelationshipId, MenteeProfileId = message.MenteeProfileId });
    }
}

/// <summary>
/// An erased profile leaves the workforce counts: its row, champion appointments, mentoring and partner completions are deleted, and its Academy
/// completions stay as history under a fresh random id with the week instead of the time. A tombstone holding only the id records the erasure, so that
/// events about the profile arriving later change nothing (docs/decisions/0004).
/// </summary>
public sealed class StaffProfileErasedConsumer(LearningDbContext db, ILogger<StaffProfileErasedConsumer> logger)
    : InboxConsumer<StaffProfileErased, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(StaffProfileErased message) => message.ProfileId;

    protected override async Task HandleAsync(StaffProfileErased message, ConsumeContext<StaffProfileErased> context, CancellationToken cancellationToken)
    {
        if (await Db.StaffErasureTombstones.FindAsync([message.ProfileId], cancellationToken) is not null) return;
        Db.StaffErasureTombstones.Add(new StaffErasureTombstone { ProfileId = message.ProfileId, ErasedAt = message.ErasedAt });
        if (await Db.StaffMembers.FindAsync([message.ProfileId], cancellationToken) is { } member) Db.StaffMembers.Remove(member);
        var completions = await Db.CourseCompletions.Where(c => c.ProfileId == message.ProfileId).ToListAsync(cancellationToken);
        Db.CourseCompletions.RemoveRange(completions);
        Db.CourseCompletions.AddRange(completions.Select(StaffErasure.Anonymised));
        Db.PartnerCompletions.RemoveRange(await Db.PartnerCompletions.Where(c => c.ProfileId == message.ProfileId).ToListAsync(cancellationToken));
        Db.ChampionAppointments.RemoveRange(await Db.ChampionAppointments.Where(c => c.ProfileId == message.ProfileId).ToListAsync(cancellationToken));
        Db.MentoringRelationships.RemoveRange(
            await Db.MentoringRelationships.Where(r => r.MenteeProfileId == message.ProfileId).ToListAsync(cancellationToken));
    }
}

public static class StaffErasure
{
    public static async Task<ChampionAppointment> FindOrAddAppointmentAsync(LearningDbContext db, Guid championId, Guid profileId,
        CancellationToken cancellationToken)
    {
        if (await db.ChampionAppointments.FindAsync([championId], cancellationToken) is { } existing) return existing;
        var appointment = new ChampionAppointment { ChampionId = championId, ProfileId = profileId };
        db.ChampionAppointments.Add(appointment);
        return appointment;
    }

    /// <summary>The completion under a fresh random id, linked to no one, with the start of its week as its time.</summary>
    public static CourseCompletion Anonymised(CourseCompletion completion) => new()
    {
        Id = Guid.NewGuid(),
        ProfileId = Guid.NewGuid(),
        CourseId = completion.CourseId,
        SessionId = completion.SessionId,
        Tags = completion.Tags,
        CompletedAt = new DateTimeOffset(IndicatorCharts.WeekStart(DateOnly.FromDateTime(completion.CompletedAt.UtcDateTime))
            .ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
    };
}

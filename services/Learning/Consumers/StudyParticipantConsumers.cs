using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Messaging.Inbox;

namespace MhAll.Learning.Consumers;

/// <summary>An invitation to a study: its categories join the study's invited population.</summary>
public sealed class VolunteerInvitedConsumer(LearningDbContext db, ILogger<VolunteerInvitedConsumer> logger)
    : InboxConsumer<VolunteerInvited, LearningDbContext>(db, logger)
{
    protected override async Task HandleAsync(VolunteerInvited message, ConsumeContext<VolunteerInvited> context, CancellationToken cancellationToken)
    {
        var participant = await StudyParticipants.FindOrAddAsync(Db, message.InvitationId, message.StudyId, message.InvitedAt, cancellationToken);
        participant.InvitedAt = message.InvitedAt;
        participant.AgeBand = message.AgeBand;
        participant.EthnicGroup = message.EthnicGroup;
        participant.Sex = message.Sex;
        participant.LocalAuthorityCode = message.LocalAuthorityCode;
        participant.ImdDecile = message.ImdDecile;
        participant.Imd2025Decile = message.Imd2025Decile;
    }
}

/// <summary>An invitation moved along the funnel; an older change arriving late does not undo a newer one.</summary>
public sealed class InvitationStatusChangedConsumer(LearningDbContext db, ILogger<InvitationStatusChangedConsumer> logger)
    : InboxConsumer<InvitationStatusChanged, LearningDbContext>(db, logger)
{
    protected override async Task HandleAsync(InvitationStatusChanged message, ConsumeContext<InvitationStatusChanged> context,
        CancellationToken cancellationToken)
    {
        var participant = await StudyParticipants.FindOrAddAsync(Db, message.InvitationId, message.StudyId, message.ChangedAt, cancellationToken);
        if (message.Status == "enrolled" && (participant.EnrolledAt is null || message.ChangedAt < participant.EnrolledAt))
            participant.EnrolledAt = message.ChangedAt;
        if (message.ChangedAt < participant.StatusAt) return;
        participant.Status = message.Status;
        participant.StatusAt = message.ChangedAt;
    }
}

public static class StudyParticipants
{
    public static async Task<StudyParticipant> FindOrAddAsync(LearningDbContext db, Guid invitationId, Guid studyId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (await db.StudyParticipants.FindAsync([invitationId], cancellationToken) is { } existing) return existing;
        var participant = new StudyParticipant { InvitationId = invitationId, StudyId = studyId, StatusAt = at };
        db.StudyParticipants.Add(participant);
        return participant;
    }
}

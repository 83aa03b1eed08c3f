using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Messaging.Inbox;

namespace MhAll.Learning.Consumers;

/// <summary>A study's team as Participation knows it: the newest announcement wins, so a late older one changes nothing.</summary>
public sealed class StudyTeamChangedConsumer(LearningDbContext db, ILogger<StudyTeamChangedConsumer> logger)
    : InboxConsumer<StudyTeamChanged, LearningDbContext>(db, logger)
{
    // Two announcements for one study handled at the same moment would both find no row and both insert it.
    protected override Guid? SerializeOn(StudyTeamChanged message) => message.StudyId;

    protected override async Task HandleAsync(StudyTeamChanged message, ConsumeContext<StudyTeamChanged> context, CancellationToken cancellationToken)
    {
        if (await Db.StudyTeams.FindAsync([message.StudyId], cancellationToken) is not { } team)
        {
            Db.StudyTeams.Add(new StudyTeam { StudyId = message.StudyId, OwnerSubjectId = message.OwnerSubjectId, ChangedAt = message.ChangedAt });
            return;
        }
        if (message.ChangedAt < team.ChangedAt) return;
        team.OwnerSubjectId = message.OwnerSubjectId;
        team.ChangedAt = message.ChangedAt;
    }
}

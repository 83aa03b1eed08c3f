using MassTransit;
using MhAll.Contracts.Panel;
using MhAll.Learning.Data;
using MhAll.Messaging.Inbox;

namespace MhAll.Learning.Consumers;

/// <summary>A member joined the Panel: they count among its members with the categories they stated.</summary>
public sealed class PanelMemberJoinedConsumer(LearningDbContext db, ILogger<PanelMemberJoinedConsumer> logger)
    : InboxConsumer<PanelMemberJoined, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(PanelMemberJoined message) => message.MemberId;

    protected override async Task HandleAsync(PanelMemberJoined message, ConsumeContext<PanelMemberJoined> context, CancellationToken cancellationToken)
    {
        // Their leaving may have overtaken the joining: then the row is already here, left, and only gains its categories.
        var member = await Db.PanelMembers.FindAsync([message.MemberId], cancellationToken);
        if (member is null) Db.PanelMembers.Add(member = new PanelMemberRecord { MemberId = message.MemberId });
        member.JoinedAt = message.JoinedAt;
        (member.EthnicGroup, member.Sex, member.AgeBand, member.Disability, member.LocalAuthorityCode) =
            (message.EthnicGroup, message.Sex, message.AgeBand, message.Disability, message.LocalAuthority);
    }
}

/// <summary>A member left the Panel (or erased their record): they no longer count among its members.</summary>
public sealed class PanelMemberLeftConsumer(LearningDbContext db, ILogger<PanelMemberLeftConsumer> logger)
    : InboxConsumer<PanelMemberLeft, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(PanelMemberLeft message) => message.MemberId;

    protected override async Task HandleAsync(PanelMemberLeft message, ConsumeContext<PanelMemberLeft> context, CancellationToken cancellationToken)
    {
        var member = await Db.PanelMembers.FindAsync([message.MemberId], cancellationToken);
        if (member is null) Db.PanelMembers.Add(member = new PanelMemberRecord { MemberId = message.MemberId });
        member.LeftAt = message.LeftAt;
    }
}

/// <summary>An involvement completed, or corrected (the same id again: the later record wins, an older one changes nothing).</summary>
public sealed class InvolvementCompletedConsumer(LearningDbContext db, ILogger<InvolvementCompletedConsumer> logger)
    : InboxConsumer<InvolvementCompleted, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(InvolvementCompleted message) => message.InvolvementId;

    protected override async Task HandleAsync(InvolvementCompleted message, ConsumeContext<InvolvementCompleted> context, CancellationToken cancellationToken)
    {
        var involvement = await Db.PanelInvolvements.FindAsync([message.InvolvementId], cancellationToken);
        if (involvement is null)
            Db.PanelInvolvements.Add(involvement = new PanelInvolvement { InvolvementId = message.InvolvementId, ActivityType = message.ActivityType });
        else if (message.RecordedAt <= involvement.RecordedAt) return;
        (involvement.RequestId, involvement.MemberId, involvement.ActivityType) = (message.RequestId, message.MemberId, message.ActivityType);
        (involvement.ActivityDate, involvement.Hours, involvement.RecordedAt) = (message.ActivityDate, message.Hours, message.RecordedAt);
    }
}

/// <summary>A piece of Panel feedback answered: its timing, for the turnaround indicator. The first answer only is told; a repeat changes nothing.</summary>
public sealed class FeedbackAnsweredConsumer(LearningDbContext db, ILogger<FeedbackAnsweredConsumer> logger)
    : InboxConsumer<FeedbackAnswered, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(FeedbackAnswered message) => message.FeedbackId;

    protected override async Task HandleAsync(FeedbackAnswered message, ConsumeContext<FeedbackAnswered> context, CancellationToken cancellationToken)
    {
        if (await Db.PanelFeedbackAnswers.FindAsync([message.FeedbackId], cancellationToken) is not null) return;
        Db.PanelFeedbackAnswers.Add(new PanelFeedbackAnswer
        {
            FeedbackId = message.FeedbackId, RequestId = message.RequestId, StudyId = message.StudyId, GivenAt = message.GivenAt,
            AnsweredAt = message.AnsweredAt, TurnaroundDays = message.TurnaroundDays, WasOverdue = message.WasOverdue,
        });
    }
}

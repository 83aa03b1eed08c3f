using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Messaging.Inbox;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Consumers;

/// <summary>
/// A study asked for Panel review: Panel makes the researcher's protocol-review request from the study's own text, awaiting
/// triage, so nobody retypes it. Once per message (the inbox), and once per study while a request made this way is still
/// open (a study that stops and starts asking again does not queue a second one). The researcher completes the rest
/// (members wanted, dates, hours, format) by changing the request.
/// </summary>
public sealed class StudyPanelReviewRequestedConsumer(PanelDbContext db, TimeProvider clock, ILogger<StudyPanelReviewRequestedConsumer> logger)
    : InboxConsumer<StudyPanelReviewRequested, PanelDbContext>(db, logger)
{
    /// <summary>Two asks for one study handled at once: one after the other, so the second sees the first's request.</summary>
    protected override Guid? SerializeOn(StudyPanelReviewRequested message) => message.StudyId;

    protected override async Task HandleAsync(StudyPanelReviewRequested message, ConsumeContext<StudyPanelReviewRequested> context,
        CancellationToken cancellationToken)
    {
        if (await Db.InvolvementRequests.AnyAsync(r => r.StudyId == message.StudyId && r.Source == RequestSources.StudyPanelReview
                && RequestStatuses.Editable.Contains(r.Status), cancellationToken))
            return;
        var now = clock.GetUtcNow();
        Db.InvolvementRequests.Add(new InvolvementRequest
        {
            Id = Guid.CreateVersion7(now), OwnerSubjectId = message.OwnerSubjectId, Type = InvolvementTypes.ProtocolReview, StudyId = message.StudyId,
            Title = Bounded(message.Title, 200), Description = Bounded(message.LaySummary, Features.Requests.RequestDetails.DescriptionMaxLength),
            Status = RequestStatuses.AwaitingTriage, Source = RequestSources.StudyPanelReview, SubmittedAt = now, ChangedAt = now,
        });
    }

    /// <summary>Participation bounds the same fields the same way; cut rather than fail should the two ever drift.</summary>
    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];
}

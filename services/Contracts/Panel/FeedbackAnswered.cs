namespace MhAll.Contracts.Panel;

/// <summary>
/// A researcher answered a piece of Panel feedback ("you said, we did"). Ids and timing only: never the feedback's text.
/// </summary>
/// <param name="TurnaroundDays">Whole days from the feedback being given to its answer.</param>
/// <param name="WasOverdue">Answered after the programme's turnaround limit had passed.</param>
public sealed record FeedbackAnswered(
    Guid FeedbackId,
    Guid RequestId,
    Guid? StudyId,
    DateTimeOffset GivenAt,
    DateTimeOffset AnsweredAt,
    int TurnaroundDays,
    bool WasOverdue);

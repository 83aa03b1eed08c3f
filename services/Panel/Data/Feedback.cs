namespace MhAll.Panel.Data;

/// <summary>
/// A member's feedback on one of their involvements ("you said") and the researcher's answer ("we did"). The first
/// answer's time is kept however often the answer is changed: it is what the turnaround is measured by, and every
/// earlier wording stays in <see cref="PreviousAnswers"/>, so an answer is never changed silently.
/// </summary>
public sealed class Feedback
{
    public Guid Id { get; init; }
    /// <summary>The accepted offer (the member's involvement) it is about.</summary>
    public Guid OfferId { get; init; }
    public Guid RequestId { get; init; }
    public Guid MemberId { get; init; }
    /// <summary>What the member said; emptied when the member erases their record.</summary>
    public required string Text { get; set; }
    public DateTimeOffset GivenAt { get; init; }
    /// <summary>One of <see cref="Domain.FeedbackOutcomes"/>; null until answered.</summary>
    public string? Outcome { get; set; }
    /// <summary>What changed because of it, or why nothing did.</summary>
    public string? Answer { get; set; }
    /// <summary>The first answer: turnaround runs from <see cref="GivenAt"/> to here, and an edit never moves it.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    /// <summary>When the answer was last changed after its first wording; null if never.</summary>
    public DateTimeOffset? AnswerChangedAt { get; set; }
    /// <summary>Every earlier wording of the answer, oldest first, as "outcome: answer".</summary>
    public List<string> PreviousAnswers { get; set; } = [];
    /// <summary>PostgreSQL's xmin: two answers at once cannot both be the first.</summary>
    public uint Version { get; set; }
}

using MhAll.Panel.Data;

namespace MhAll.Panel.Features.Feedback;

/// <summary>Section <c>Panel:Feedback</c>: when an unanswered piece is overdue, and how many answers a median needs.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Panel:Feedback";

    /// <summary>Feedback unanswered for longer than this many days is overdue (flagged to coordinators).</summary>
    public int OverdueAfterDays { get; set; } = 20;

    /// <summary>Below this many answers the median turnaround is not given: one slow or quick answer would be all it said.</summary>
    public int MinimumAnswersForMedian { get; set; } = 5;
}

/// <summary>The rules every feedback feature shares: lengths, ages, overdue, and how members are named to researchers.</summary>
public static class FeedbackRules
{
    public const int TextMaxLength = 4000;
    /// <summary>Enough for a real conversation; a member who reaches it is asked to talk to the coordinators.</summary>
    public const int MaxPiecesPerInvolvement = 50;

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static int Days(DateTimeOffset from, DateTimeOffset to) => (int)Math.Floor((to - from).TotalDays);

    /// <summary>Overdue: more than the limit's days passed between giving and <paramref name="at"/> (the answer, or now).</summary>
    public static bool Overdue(DateTimeOffset givenAt, DateTimeOffset at, int overdueAfterDays) => at - givenAt > TimeSpan.FromDays(overdueAfterDays);

    /// <summary>
    /// "Member 1", "Member 2", … for each member who gave feedback on a request, in the order of their first piece: researchers
    /// and the impact log learn what was said, never by whom.
    /// </summary>
    public static Dictionary<(Guid RequestId, Guid MemberId), string> MemberLabels(IEnumerable<Data.Feedback> feedback) =>
        feedback.GroupBy(f => f.RequestId)
            .SelectMany(r => r.GroupBy(f => f.MemberId).OrderBy(m => m.Min(f => f.GivenAt)).ThenBy(m => m.Key)
                .Select((m, i) => (Key: (r.Key, m.Key), Label: $"Member {i + 1}")))
            .ToDictionary(x => x.Key, x => x.Label);
}

/// <summary>
/// A piece of feedback and its answer as the member who gave it, the request's researcher or a coordinator see it. The member
/// is named only by their label on the request; <see cref="AgeDays"/> and <see cref="Overdue"/> are as of now for an unanswered piece.
/// </summary>
/// <param name="Member">"Member 1", "Member 2", … on this request.</param>
/// <param name="Outcome">changed or not-changed; null until answered.</param>
/// <param name="AnsweredAt">The first answer's time: an edit never moves it.</param>
/// <param name="AnswerChangedAt">When the answer was last reworded, if ever; the earlier wordings are in <see cref="PreviousAnswers"/>.</param>
/// <param name="AgeDays">Days since it was given (unanswered), or days it took to answer.</param>
public sealed record FeedbackView(Guid Id, Guid InvolvementId, Guid RequestId, string RequestTitle, Guid? StudyId, string Member, string Text,
    DateTimeOffset GivenAt, string? Outcome, string? Answer, DateTimeOffset? AnsweredAt, DateTimeOffset? AnswerChangedAt,
    IReadOnlyList<string> PreviousAnswers, int AgeDays, bool Overdue)
{
    public static FeedbackView From(Data.Feedback f, InvolvementRequest request, string member, DateTimeOffset now, int overdueAfterDays)
    {
        var until = f.AnsweredAt ?? now;
        return new FeedbackView(f.Id, f.OfferId, f.RequestId, request.Title, request.StudyId, member, f.Text, f.GivenAt, f.Outcome, f.Answer,
            f.AnsweredAt, f.AnswerChangedAt, f.PreviousAnswers, FeedbackRules.Days(f.GivenAt, until),
            FeedbackRules.Overdue(f.GivenAt, until, overdueAfterDays));
    }
}

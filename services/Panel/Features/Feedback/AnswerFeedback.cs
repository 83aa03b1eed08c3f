using MhAll.Contracts.Panel;
using MhAll.Messaging.Outbox;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Feedback;

/// <summary>
/// The request's researcher (or a coordinator on their behalf) answers a piece of feedback: what changed because of it, or
/// why nothing did. The first answer is told to the other services as <see cref="FeedbackAnswered"/> (ids and timing only);
/// rewording it later keeps the first answer's time and every earlier wording, which the member sees, and tells no one again.
/// </summary>
public static class AnswerFeedback
{
    /// <param name="Outcome">changed (say what) or not-changed (say why not).</param>
    /// <param name="Answer">"We did": what changed because of this feedback, or why it could not.</param>
    public sealed record FeedbackAnswer(string? Outcome, [FreeText(FeedbackRules.TextMaxLength)] string? Answer);

    public static RouteGroupBuilder MapAnswerFeedback(this RouteGroupBuilder feedback)
    {
        feedback.MapPut("/{id:guid}/answer", HandleAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("AnswerPanelFeedback")
            .WithSummary("Answer a piece of feedback on your request (\"we did\": what changed, or why not). Answering again rewords it: the first answer's time and the earlier wording are kept.");
        return feedback;
    }

    private static async Task<Results<Ok<FeedbackView>, ValidationProblem, NotFound>> HandleAsync(Guid id, FeedbackAnswer body, HttpContext http,
        PanelDbContext db, TimeProvider clock, IOptions<FeedbackOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("outcome", body.Outcome, FeedbackOutcomes.All).Required("answer", body.Answer, FeedbackRules.TextMaxLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Feedback.SingleOrDefaultAsync(f => f.Id == id, ct) is not { } feedback) return TypedResults.NotFound();
        // Feedback on another researcher's request is answered as not found: its existence is not theirs to learn.
        if (await db.InvolvementRequests.AsNoTracking().FindVisibleAsync(feedback.RequestId, http.User, ct) is not { } request) return TypedResults.NotFound();

        var now = clock.GetUtcNow();
        var (outcome, answer) = (body.Outcome!, body.Answer!.Trim());
        var limit = options.Value.OverdueAfterDays;
        if (feedback.AnsweredAt is null)
        {
            (feedback.Outcome, feedback.Answer, feedback.AnsweredAt, feedback.AnsweredBy) = (outcome, answer, now, http.User.SubjectId());
            db.Publish(new FeedbackAnswered(feedback.Id, feedback.RequestId, request.StudyId, feedback.GivenAt, now,
                FeedbackRules.Days(feedback.GivenAt, now), FeedbackRules.Overdue(feedback.GivenAt, now, limit)), clock);
        }
        else if (feedback.Outcome != outcome || feedback.Answer != answer)
        {
            // Never silently: the earlier wording stays beside the new one, and the turnaround keeps the first answer's time.
            feedback.PreviousAnswers = [.. feedback.PreviousAnswers, $"{feedback.Outcome}: {feedback.Answer}"];
            (feedback.Outcome, feedback.Answer, feedback.AnswerChangedAt) = (outcome, answer, now);
        }
        // Two answers at the same moment: the row's xmin refuses the second (409), so only one is the first.
        await db.SaveChangesAsync(ct);
        var labels = FeedbackRules.MemberLabels(await db.Feedback.AsNoTracking().Where(f => f.RequestId == request.Id).ToListAsync(ct));
        return TypedResults.Ok(FeedbackView.From(feedback, request, labels[(request.Id, feedback.MemberId)], now, limit));
    }
}

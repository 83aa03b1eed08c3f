using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Feedback;

/// <summary>
/// The feedback waiting for answers: a researcher sees the feedback on their own requests, a coordinator every piece,
/// each with its age and whether it is overdue (<see cref="FeedbackOptions.OverdueAfterDays"/>). Coordinators also see the
/// turnaround: the median days from feedback to first answer, withheld while there are too few answers to mean much.
/// </summary>
public static class FeedbackQueue
{
    /// <param name="MedianDays">Median days from feedback to its first answer; null while fewer than <see cref="MinimumAnswersForMedian"/> answers.</param>
    /// <param name="Note">Why there is no median, when there is none.</param>
    public sealed record Turnaround(int OverdueAfterDays, int Given, int Answered, int Unanswered, int Overdue, int AnsweredLate,
        double? MedianDays, int MinimumAnswersForMedian, string? Note);

    public static RouteGroupBuilder MapFeedbackQueue(this RouteGroupBuilder feedback)
    {
        feedback.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("ListPanelFeedback")
            .WithSummary("Feedback on your requests (a coordinator: every request), oldest first, each with its age and an overdue flag; answered=false for what waits, overdue=true for what is late, requestId for one request; paged.");
        feedback.MapGet("/turnaround", TurnaroundAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetPanelFeedbackTurnaround")
            .WithSummary("How quickly feedback is answered: given, answered, unanswered, overdue, answered late, and the median days to answer (withheld with a note while there are few answers).");
        return feedback;
    }

    private static async Task<Results<Ok<Paged<FeedbackView>>, ValidationProblem>> ListAsync(bool? answered, bool? overdue, Guid? requestId,
        [AsParameters] PageQuery page, HttpContext http, PanelDbContext db, TimeProvider clock, IOptions<FeedbackOptions> options, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var requests = db.InvolvementRequests.AsNoTracking();
        if (!http.User.IsInRole(Roles.Coordinator))
        {
            var subject = http.User.SubjectId();
            requests = requests.Where(r => r.OwnerSubjectId == subject);
        }
        if (requestId is { } only) requests = requests.Where(r => r.Id == only);
        var visible = await requests.Where(r => db.Feedback.Any(f => f.RequestId == r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var ids = visible.Keys.ToList();
        // Every piece on those requests, so that each member's label is the same on every page.
        var all = await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.RequestId)).ToListAsync(ct);
        var labels = FeedbackRules.MemberLabels(all);
        var now = clock.GetUtcNow();
        var limit = options.Value.OverdueAfterDays;
        var views = all.OrderBy(f => f.GivenAt).ThenBy(f => f.Id)
            .Select(f => FeedbackView.From(f, visible[f.RequestId], labels[(f.RequestId, f.MemberId)], now, limit))
            .Where(v => answered is null || (v.AnsweredAt is not null) == answered)
            .Where(v => overdue is null || (v.Overdue && v.AnsweredAt is null) == overdue);
        return TypedResults.Ok(page.Of(views));
    }

    private static async Task<Ok<Turnaround>> TurnaroundAsync(PanelDbContext db, TimeProvider clock, IOptions<FeedbackOptions> options, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var all = await db.Feedback.AsNoTracking().Select(f => new { f.GivenAt, f.AnsweredAt }).ToListAsync(ct);
        var days = all.Where(f => f.AnsweredAt is not null).Select(f => (f.AnsweredAt!.Value - f.GivenAt).TotalDays).Order().ToList();
        var unanswered = all.Where(f => f.AnsweredAt is null).ToList();
        double? median = days.Count >= settings.MinimumAnswersForMedian ? Math.Round(Median(days), 1) : null;
        return TypedResults.Ok(new Turnaround(settings.OverdueAfterDays, all.Count, days.Count, unanswered.Count,
            unanswered.Count(f => FeedbackRules.Overdue(f.GivenAt, now, settings.OverdueAfterDays)),
            all.Count(f => f.AnsweredAt is { } at && FeedbackRules.Overdue(f.GivenAt, at, settings.OverdueAfterDays)),
            median, settings.MinimumAnswersForMedian,
            median is null ? $"Only {days.Count} answered so far: a median needs at least {settings.MinimumAnswersForMedian}." : null));
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

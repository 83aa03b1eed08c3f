using System.Globalization;
using System.Security.Claims;
using System.Text;
using MhAll.Panel.Data;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Feedback;

/// <summary>
/// The impact log: every piece of feedback and its answer on a study's requests (or on one request, for one without a
/// study), oldest first, as JSON or as CSV to file with the study's records. For the researcher who owns the requests and
/// for coordinators; members appear as "Member 1", "Member 2", … per request, never by name. The CSV is the finance
/// export's (<see cref="FinanceCsv.Text"/>): a feedback that starts like a spreadsheet formula is defused.
/// </summary>
public static class ImpactLog
{
    public static readonly string[] Columns =
    [
        "request_id", "request_title", "study_id", "involvement_type", "member", "feedback_given_at", "feedback", "outcome", "answer",
        "answered_at", "turnaround_days", "answer_changed_at", "earlier_answers",
    ];

    /// <param name="TurnaroundDays">Whole days to the first answer; null while unanswered.</param>
    public sealed record Entry(Guid RequestId, string RequestTitle, Guid? StudyId, string InvolvementType, string Member, DateTimeOffset FeedbackGivenAt,
        string Feedback, string? Outcome, string? Answer, DateTimeOffset? AnsweredAt, int? TurnaroundDays, DateTimeOffset? AnswerChangedAt,
        IReadOnlyList<string> EarlierAnswers);

    public sealed record Log(Guid? StudyId, Guid? RequestId, int Requests, int Feedback, int Answered, IReadOnlyList<Entry> Entries);

    public static RouteGroupBuilder MapRequestImpactLog(this RouteGroupBuilder requests)
    {
        requests.MapGet("/{id:guid}/impact", async (Guid id, HttpContext http, PanelDbContext db, CancellationToken ct, string format = "json") =>
                await db.InvolvementRequests.AsNoTracking().FindVisibleAsync(id, http.User, ct) is { } request
                    ? await AnswerAsync(db, [request], null, id, format, $"impact-log-request-{id}.csv", ct)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.Researcher)
            .WithName("GetRequestImpactLog")
            .WithSummary("The impact log of one of your requests: every piece of feedback with its answer, members as Member 1, 2, …; format=csv to export.");
        return requests;
    }

    public static IEndpointRouteBuilder MapStudyImpactLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/panel/studies/{studyId:guid}/impact", async (Guid studyId, HttpContext http, PanelDbContext db, CancellationToken ct,
                string format = "json") =>
                await StudyRequestsAsync(db, studyId, http.User, ct) is { Count: > 0 } requests
                    ? await AnswerAsync(db, requests, studyId, null, format, $"impact-log-study-{studyId}.csv", ct)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.Researcher)
            .WithTags("Feedback and impact")
            .WithName("GetStudyImpactLog")
            .WithSummary("The impact log of a study: every piece of feedback on your requests about it, with the answers; format=csv to export. 404 when you have no request about it.");
        return app;
    }

    /// <summary>The study's requests the caller may see: their own, or every one for a coordinator.</summary>
    private static Task<List<InvolvementRequest>> StudyRequestsAsync(PanelDbContext db, Guid studyId, ClaimsPrincipal user, CancellationToken ct)
    {
        var requests = db.InvolvementRequests.AsNoTracking().Where(r => r.StudyId == studyId);
        if (!user.IsInRole(Roles.Coordinator))
        {
            var subject = user.SubjectId();
            requests = requests.Where(r => r.OwnerSubjectId == subject);
        }
        return requests.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToListAsync(ct);
    }

    private static async Task<IResult> AnswerAsync(PanelDbContext db, IReadOnlyList<InvolvementRequest> requests, Guid? studyId, Guid? requestId,
        string format, string fileName, CancellationToken ct)
    {
        if (format is not ("json" or "csv"))
            return TypedResults.ValidationProblem(new ValidationErrors().Add("format", "Choose json or csv.").ToDictionary());
        var byId = requests.ToDictionary(r => r.Id);
        var ids = byId.Keys.ToList();
        var feedback = await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.RequestId)).ToListAsync(ct);
        var labels = FeedbackRules.MemberLabels(feedback);
        var entries = feedback.OrderBy(f => f.GivenAt).ThenBy(f => f.Id).Select(f =>
        {
            var request = byId[f.RequestId];
            return new Entry(f.RequestId, request.Title, request.StudyId, request.Type, labels[(f.RequestId, f.MemberId)], f.GivenAt, f.Text, f.Outcome,
                f.Answer, f.AnsweredAt, f.AnsweredAt is { } at ? FeedbackRules.Days(f.GivenAt, at) : null, f.AnswerChangedAt, f.PreviousAnswers);
        }).ToList();
        if (format == "csv") return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(entries)), "text/csv", fileName);
        return TypedResults.Ok(new Log(studyId, requestId, requests.Count, entries.Count, entries.Count(e => e.AnsweredAt is not null), entries));
    }

    public static string ToCsv(IEnumerable<Entry> entries)
    {
        static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
        static string Text(string? value) => FinanceCsv.Text(value ?? "");
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns).Append("\r\n");
        foreach (var e in entries)
        {
            string[] fields =
            [
                e.RequestId.ToString(), Text(e.RequestTitle), e.StudyId?.ToString() ?? "", Text(e.InvolvementType), Text(e.Member), Time(e.FeedbackGivenAt),
                Text(e.Feedback), Text(e.Outcome), Text(e.Answer), Time(e.AnsweredAt), e.TurnaroundDays?.ToString(CultureInfo.InvariantCulture) ?? "",
                Time(e.AnswerChangedAt), Text(string.Join(" | ", e.EarlierAnswers)),
            ];
            csv.AppendJoin(',', fields).Append("\r\n");
        }
        return csv.ToString();
    }
}

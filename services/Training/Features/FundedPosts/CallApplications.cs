using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>
/// Programme staff read a call's applications with who applied, each reviewer's declaration and scores, the aggregate
/// (the mean of reviewers' weighted totals) and whether reviewers disagree; each read is in the audit trail.
/// </summary>
public static class CallApplications
{
    public sealed record ReviewerScores(string ReviewerSubjectId, bool Conflict, string? ConflictReason, DateTimeOffset DeclaredAt,
        IReadOnlyList<ReviewApplications.ScoreView> Scores, int? Total);

    /// <param name="Scoring">Over the reviewers who scored (those with a conflict never do).</param>
    public sealed record ApplicationDetail(MyApplications.ApplicationView Application, Guid ProfileId, string ApplicantName, Guid OrganisationId,
        string OrganisationName, ReviewScoring.Summary Scoring, IReadOnlyList<ReviewerScores> Reviews);

    public static IEndpointRouteBuilder MapCallApplications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/funded-posts/calls/{id:guid}/applications", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Funded posts")
            .WithName("ListCallApplications")
            .WithSummary("A call's applications, highest aggregate score first, with reviews and the disagreement flag; in the audit trail.");
        app.MapGet("/api/training/funded-posts/applications/{id:guid}", async Task<Results<Ok<ApplicationDetail>, NotFound>> (Guid id, HttpContext http,
                TrainingDbContext db, IOptions<FundedPostOptions> options, TimeProvider clock, CancellationToken ct) =>
            {
                if (await db.FundingApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } application) return TypedResults.NotFound();
                var call = await db.FundingCalls.AsNoTracking().SingleAsync(c => c.Id == application.CallId, ct);
                return TypedResults.Ok((await DetailsAsync(db, call, [application], options.Value, http, clock, ct)).Single());
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Funded posts")
            .WithName("GetFundedPostApplication")
            .WithSummary("One application with its applicant, reviews, aggregate and disagreement flag; in the audit trail.");
        return app;
    }

    private static async Task<Results<Ok<List<ApplicationDetail>>, NotFound>> ListAsync(Guid id, HttpContext http, TrainingDbContext db,
        IOptions<FundedPostOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FundingCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } call) return TypedResults.NotFound();
        var applications = await db.FundingApplications.AsNoTracking().Where(a => a.CallId == id).OrderBy(a => a.SubmittedAt).ToListAsync(ct);
        var details = await DetailsAsync(db, call, applications, options.Value, http, clock, ct);
        return TypedResults.Ok(details.OrderByDescending(d => d.Scoring.Aggregate ?? -1).ThenBy(d => d.Application.SubmittedAt).ToList());
    }

    private static async Task<List<ApplicationDetail>> DetailsAsync(TrainingDbContext db, FundingCall call, List<FundingApplication> applications,
        FundedPostOptions options, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var ids = applications.Select(a => a.Id).ToList();
        var profileIds = applications.Select(a => a.ProfileId).ToList();
        var applicants = await db.Profiles.AsNoTracking().Where(p => profileIds.Contains(p.Id))
            .Join(db.Organisations, p => p.OrganisationId, o => o.Id, (p, o) => new { p.Id, p.Name, OrganisationId = o.Id, Organisation = o.Name })
            .ToDictionaryAsync(x => x.Id, ct);
        var reviews = (await db.ApplicationReviews.AsNoTracking().Where(r => ids.Contains(r.ApplicationId)).OrderBy(r => r.DeclaredAt).ToListAsync(ct))
            .ToLookup(r => r.ApplicationId);
        foreach (var application in applications)
            db.Audit(http, clock, AuditActions.StaffRecordRead, AuditSubjects.StaffProfile, application.ProfileId.ToString());
        await db.SaveChangesAsync(ct);
        var details = new List<ApplicationDetail>();
        foreach (var a in applications)
        {
            var byReviewer = reviews[a.Id].Select(r => new ReviewerScores(r.ReviewerSubjectId, r.Conflict, r.ConflictReason, r.DeclaredAt,
                [.. r.Scores.Select(s => new ReviewApplications.ScoreView(s.Criterion, s.Score))],
                r.Scores.Count > 0 ? ReviewScoring.TotalOf(call.Criteria, r.Scores) : null)).ToList();
            var scoring = ReviewScoring.Summarise(call.Criteria, [.. byReviewer.Where(r => !r.Conflict && r.Total is not null).Select(r => r.Total!.Value)],
                options.DisagreementSpread);
            var who = applicants[a.ProfileId];
            details.Add(new ApplicationDetail(await MyApplications.ViewAsync(db, a, ct), a.ProfileId, who.Name, who.OrganisationId, who.Organisation,
                scoring, byReviewer));
        }
        return details;
    }
}

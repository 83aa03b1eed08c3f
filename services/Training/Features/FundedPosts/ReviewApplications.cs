using System.ComponentModel.DataAnnotations;
using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>
/// A reviewer assigned to a call declares, for each application, whether they have a conflict of interest before they
/// may see it. With a conflict (or not assigned) they can neither see it (404) nor score it (403); without one they
/// see it (never the applicant's name or organisation when the call is blind) and score each criterion. An applicant
/// assigned to the call is treated as unassigned for their own application.
/// </summary>
public static class ReviewApplications
{
    public const int ReasonMaxLength = 500;

    /// <param name="Conflict">Whether you have a conflict of interest with this application.</param>
    /// <param name="Reason">Required with a conflict: what it is.</param>
    public sealed record Declaration(bool? Conflict, [FreeText(ReasonMaxLength)] string? Reason);

    public sealed record CriterionScoreRequest(string? Criterion, int? Score);

    /// <param name="Scores">A score for each of the call's criteria, 0 to its maximum.</param>
    public sealed record ScoreRequest([property: MaxLength(FundingCalls.MaxCriteria)] List<CriterionScoreRequest>? Scores);

    /// <param name="Review">to-declare, conflict, to-score or scored.</param>
    public sealed record Assignment(Guid ApplicationId, Guid CallId, string CallTitle, string Review);

    public sealed record Applicant(string Name, string Organisation);
    public sealed record ScoreView(string Criterion, int Score);

    /// <param name="Applicant">Null when the call is blind.</param>
    public sealed record ReviewView(Guid Id, Guid CallId, string CallTitle, bool Blind, Applicant? Applicant, string Statement,
        IReadOnlyList<MyApplications.AnswerView> Answers, decimal RequestedAmount, string Status, IReadOnlyList<FundingCalls.CriterionView> Criteria,
        IReadOnlyList<ScoreView> MyScores, int? MyTotal, int MaxTotal);

    public static IEndpointRouteBuilder MapReviewApplications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/funded-posts/reviews/me", AssignmentsAsync)
            .RequireAuthorization(Policies.Reviewer)
            .WithTags("Funded posts")
            .WithName("GetMyReviews")
            .WithSummary("The applications you are assigned to review (withdrawn ones left out), and where your review of each stands.");
        app.MapPost("/api/training/funded-posts/applications/{id:guid}/declaration", DeclareAsync)
            .RequireAuthorization(Policies.Reviewer)
            .WithTags("Funded posts")
            .WithName("DeclareConflictOfInterest")
            .WithSummary("Declare whether you have a conflict of interest with an application you are assigned, before seeing it; once (409 after).");
        app.MapGet("/api/training/funded-posts/applications/{id:guid}/review", SeeAsync)
            .RequireAuthorization(Policies.Reviewer)
            .WithTags("Funded posts")
            .WithName("GetApplicationForReview")
            .WithSummary("An application as its reviewer sees it (anonymous when the call is blind): 409 until you declare, 404 with a conflict or unassigned.");
        app.MapPut("/api/training/funded-posts/applications/{id:guid}/scores", ScoreAsync)
            .RequireAuthorization(Policies.Reviewer)
            .WithTags("Funded posts")
            .WithName("ScoreApplication")
            .WithSummary("Score each criterion, replacing your earlier scores, until the decision: 403 with a conflict or unassigned, 409 until you declare.");
        return app;
    }

    private sealed record Access(FundingApplication Application, FundingCall Call, bool Assigned, ApplicationReview? Review);

    private static async Task<Access?> AccessAsync(TrainingDbContext db, Guid id, HttpContext http, CancellationToken ct)
    {
        if (await db.FundingApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Status != ApplicationStatuses.Withdrawn, ct)
            is not { } application) return null;
        var subject = http.User.SubjectId();
        var call = await db.FundingCalls.AsNoTracking().SingleAsync(c => c.Id == application.CallId, ct);
        // No one reviews their own application, even if assigned to the call.
        var assigned = await db.CallReviewers.AnyAsync(r => r.CallId == call.Id && r.SubjectId == subject, ct)
            && !await db.Profiles.AnyAsync(p => p.Id == application.ProfileId && p.SubjectId == subject, ct);
        var review = await db.ApplicationReviews.SingleOrDefaultAsync(r => r.ApplicationId == id && r.ReviewerSubjectId == subject, ct);
        return new Access(application, call, assigned, review);
    }

    private static ProblemHttpResult DeclareFirst() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Declare whether you have a conflict of interest first.", detail: "POST the declaration to .../declaration.");

    private static async Task<Ok<List<Assignment>>> AssignmentsAsync(HttpContext http, TrainingDbContext db, CancellationToken ct)
    {
        var subject = http.User.SubjectId();
        var rows = await db.CallReviewers.AsNoTracking().Where(r => r.SubjectId == subject)
            .Join(db.FundingCalls, r => r.CallId, c => c.Id, (_, c) => c)
            .Join(db.FundingApplications.Where(a => a.Status != ApplicationStatuses.Withdrawn
                    && !db.Profiles.Any(p => p.Id == a.ProfileId && p.SubjectId == subject)),
                c => c.Id, a => a.CallId, (c, a) => new { c.Title, a.Id, a.CallId, a.SubmittedAt })
            .OrderBy(x => x.SubmittedAt).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var reviews = await db.ApplicationReviews.AsNoTracking().Where(r => r.ReviewerSubjectId == subject && ids.Contains(r.ApplicationId))
            .ToDictionaryAsync(r => r.ApplicationId, ct);
        return TypedResults.Ok(rows.Select(r => new Assignment(r.Id, r.CallId, r.Title, reviews.GetValueOrDefault(r.Id) switch
        {
            null => "to-declare",
            { Conflict: true } => "conflict",
            { ScoredAt: null } => "to-score",
            _ => "scored",
        })).ToList());
    }

    private static async Task<Results<Created, ValidationProblem, NotFound, ProblemHttpResult>> DeclareAsync(Guid id, Declaration request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await AccessAsync(db, id, http, ct) is not { Assigned: true } access) return TypedResults.NotFound();
        var errors = new ValidationErrors();
        if (request.Conflict is null) errors.Add("conflict", "This field is required: true or false.");
        else if (request.Conflict.Value && string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Say what the conflict of interest is.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (access.Review is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have already declared for this application.");
        db.ApplicationReviews.Add(new ApplicationReview
        {
            ApplicationId = id, ReviewerSubjectId = http.User.SubjectId(), Conflict = request.Conflict!.Value,
            ConflictReason = request.Conflict.Value ? request.Reason!.Trim() : null, DeclaredAt = clock.GetUtcNow(),
        });
        // Two declarations at once: the review's key decides.
        if (await db.SaveOrConflictAsync("You have already declared for this application.", null, ct) is { } conflict) return conflict;
        return TypedResults.Created($"/api/training/funded-posts/applications/{id}/review");
    }

    private static async Task<Results<Ok<ReviewView>, NotFound, ProblemHttpResult>> SeeAsync(Guid id, HttpContext http, TrainingDbContext db,
        CancellationToken ct)
    {
        if (await AccessAsync(db, id, http, ct) is not { Assigned: true } access || access.Review is { Conflict: true }) return TypedResults.NotFound();
        if (access.Review is null) return DeclareFirst();
        return TypedResults.Ok(await ViewAsync(db, access, ct));
    }

    private static async Task<ReviewView> ViewAsync(TrainingDbContext db, Access access, CancellationToken ct)
    {
        var (application, call) = (access.Application, access.Call);
        Applicant? applicant = null;
        if (!call.Blind)
            applicant = await db.Profiles.Where(p => p.Id == application.ProfileId)
                .Join(db.Organisations, p => p.OrganisationId, o => o.Id, (p, o) => new Applicant(p.Name, o.Name)).SingleAsync(ct);
        var scores = access.Review!.Scores;
        return new ReviewView(application.Id, call.Id, call.Title, call.Blind, applicant, application.Statement,
            [.. application.Answers.Select(a => new MyApplications.AnswerView(a.Criterion, a.Answer))], application.RequestedAmount, application.Status,
            [.. call.Criteria.Select(c => new FundingCalls.CriterionView(c.Name, c.Weight, c.MaxScore))],
            [.. scores.Select(s => new ScoreView(s.Criterion, s.Score))], scores.Count > 0 ? ReviewScoring.TotalOf(call.Criteria, scores) : null,
            ReviewScoring.MaxTotal(call.Criteria));
    }

    private static async Task<Results<Ok<ReviewView>, ValidationProblem, NotFound, ProblemHttpResult>> ScoreAsync(Guid id, ScoreRequest request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await AccessAsync(db, id, http, ct) is not { } access) return TypedResults.NotFound();
        if (!access.Assigned || access.Review is { Conflict: true })
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not score this application.",
                detail: access.Assigned ? "You declared a conflict of interest with it." : "You are not a reviewer of its call.");
        if (access.Review is not { } review) return DeclareFirst();
        var criteria = access.Call.Criteria;
        var scores = request.Scores ?? [];
        var errors = new ValidationErrors();
        for (var i = 0; i < scores.Count; i++)
        {
            if (criteria.SingleOrDefault(c => c.Name == scores[i].Criterion) is not { } criterion)
                errors.Add($"scores[{i}].criterion", "Name one of the call's criteria.");
            else if (scores[i].Score is not { } score || score < 0 || score > criterion.MaxScore)
                errors.Add($"scores[{i}].score", $"0 to {criterion.MaxScore}.");
        }
        if (criteria.Any(c => scores.Count(s => s.Criterion == c.Name) != 1))
            errors.Add("scores", $"One score for each criterion: {string.Join(", ", criteria.Select(c => c.Name))}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (access.Application.Status != ApplicationStatuses.Submitted)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This application is {access.Application.Status}: scoring has closed.");
        review.Scores = [.. scores.Select(s => new CriterionScore { Criterion = s.Criterion!, Score = s.Score!.Value })];
        review.ScoredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, access, ct));
    }
}

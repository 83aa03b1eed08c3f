using System.Text.RegularExpressions;
using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Studies;

/// <summary>Researchers submit studies; programme staff approve or reject them; listed studies are visible to everyone signed in.</summary>
public static partial class StudyEndpoints
{
    /// <param name="Revision">Revising (PUT) only: the study's revision you are changing, as you read it; not used when submitting.</param>
    public sealed record StudyRequest(string? Title, [FreeText] string? LaySummary, string? IrasId, string? IsrctnId, string? Sponsor, List<string>? Sites,
        List<string>? Boroughs, Eligibility? Eligibility, int? RecruitmentTarget, List<RepresentationTarget>? RepresentationTargets,
        DateOnly? StartDate, DateOnly? EndDate, bool AskPanelReview = false, int? Revision = null);

    /// <param name="Revision">The latest revision of its details (1 as submitted): send it back when revising.</param>

    public sealed record StudyView(Guid Id, string Title, string LaySummary, string? IrasId, string? IsrctnId, string Sponsor,
        IReadOnlyList<string> Sites, IReadOnlyList<string> Boroughs, Eligibility Eligibility, int RecruitmentTarget,
        IReadOnlyList<RepresentationTarget> RepresentationTargets, DateOnly? StartDate, DateOnly? EndDate, bool AskPanelReview, string Status,
        DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, string? DecisionNote, int Revision)
    {
        public static StudyView From(Study s) => new(s.Id, s.Title, s.LaySummary, s.IrasId, s.IsrctnId, s.Sponsor, s.Sites, s.Boroughs, s.Eligibility,
            s.RecruitmentTarget, s.RepresentationTargets, s.StartDate, s.EndDate, s.AskPanelReview, s.Status, s.SubmittedAt, s.DecidedAt,
            s.DecisionNote, s.Revision);
    }

    /// <param name="Status">A FHIR ResearchStudy status: active (approve), disapproved (reject), temporarily-closed-to-accrual, closed-to-accrual, completed, withdrawn.</param>
    /// <param name="Note">Why; required when rejecting.</param>
    /// <param name="Revision">Optional: the revision you reviewed; approving or rejecting a study revised since is refused (409).</param>
    public sealed record StatusChange(string? Status, [FreeText(2000)] string? Note, int? Revision = null);

    private static readonly string[] RepresentationDimensions = MatchingDimensions.Names;

    [GeneratedRegex(@"^\d{6,7}$")] private static partial Regex IrasShape();
    [GeneratedRegex(@"^ISRCTN\d{8}$")] private static partial Regex IsrctnShape();

    public static IEndpointRouteBuilder MapStudies(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/api/participation/studies").WithTags("Studies");
        studies.MapPost("/", SubmitAsync).RequireAuthorization(Policies.Researcher).WithName("SubmitStudy")
            .WithSummary("Submit a study for review. It is listed once programme staff approve it.");
        studies.MapGet("/", ListAsync).RequireAuthorization(Policies.Authenticated).WithName("ListStudies")
            .WithSummary("Researchers see their own studies and the listed ones, programme staff all, everyone else the listed ones; newest first, paged.");
        studies.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Authenticated).WithName("GetStudy")
            .WithSummary("A study: any listed one, or one you manage in any status.");
        studies.MapPost("/{id:guid}/status", ChangeStatusAsync).RequireAuthorization(Policies.Researcher).WithName("ChangeStudyStatus")
            .WithSummary("Approve (active) or reject (disapproved) a study in review (programme staff), including one a material revision sent back to review, or close, complete or withdraw one you manage.");
        return app;
    }

    public static ValidationErrors Validate(StudyRequest request, Areas areas, DateOnly today)
    {
        var errors = new ValidationErrors()
            .Required("title", request.Title, 200)
            .Required("laySummary", request.LaySummary, 4000)
            .Required("sponsor", request.Sponsor, 200)
            .SubsetOf("boroughs", request.Boroughs, areas.LocalAuthorityCodes, atLeast: 1)
            .Check(request.Eligibility, areas, today, "eligibility.");
        if (request.IrasId is { } iras && !IrasShape().IsMatch(iras)) errors.Add("irasId", "An IRAS id is 6 or 7 digits.");
        if (request.IsrctnId is { } isrctn && !IsrctnShape().IsMatch(isrctn)) errors.Add("isrctnId", "An ISRCTN id looks like ISRCTN12345678.");
        if (request.Sites is null or []) errors.Add("sites", "Name at least one site.");
        else if (request.Sites.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 200)) errors.Add("sites", "Each site is a name of up to 200 characters.");
        if (request.RecruitmentTarget is not (> 0 and <= 100_000)) errors.Add("recruitmentTarget", "How many participants the study needs: 1 to 100,000.");
        if (request is { StartDate: { } start, EndDate: { } end } && end < start)
            errors.Add("endDate", "On or after the start date.").Add("startDate", "On or before the end date.");
        foreach (var (target, i) in (request.RepresentationTargets ?? []).Select((t, i) => (t, i)))
        {
            if (!RepresentationDimensions.Contains(target.Dimension))
                errors.Add($"representationTargets[{i}].dimension", $"One of: {string.Join(", ", RepresentationDimensions)}.");
            if (target.Share is <= 0 or > 1) errors.Add($"representationTargets[{i}].share", "A share between 0 and 1.");
        }
        if (request.RepresentationTargets?.GroupBy(t => (t.Dimension, t.Group)).Any(g => g.Count() > 1) == true)
            errors.Add("representationTargets", "One target per group.");
        return errors;
    }

    internal static void Apply(StudyRequest request, Study study)
    {
        study.Title = request.Title!.Trim();
        study.LaySummary = request.LaySummary!.Trim();
        study.IrasId = request.IrasId;
        study.IsrctnId = request.IsrctnId;
        study.Sponsor = request.Sponsor!.Trim();
        study.Sites = request.Sites!.Select(s => s.Trim()).ToList();
        study.Boroughs = request.Boroughs!;
        study.Eligibility = request.Eligibility!;
        study.RecruitmentTarget = request.RecruitmentTarget!.Value;
        study.RepresentationTargets = request.RepresentationTargets ?? [];
        study.StartDate = request.StartDate;
        study.EndDate = request.EndDate;
        study.AskPanelReview = request.AskPanelReview;
    }

    private static async Task<Results<Created<StudyView>, ValidationProblem>> SubmitAsync(StudyRequest request, HttpContext http,
        ParticipationDbContext db, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        if (Validate(request, areas, clock.Today()) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var study = new Study
        {
            Id = Guid.CreateVersion7(), OwnerSubjectId = http.User.SubjectId(), SubmittedAt = clock.GetUtcNow(),
            Title = "", LaySummary = "", Sponsor = "", Eligibility = new Eligibility(),
        };
        Apply(request, study);
        db.Studies.Add(study);
        db.StudyRevisions.Add(StudyRevisions.Submitted(study));
        // Learning shows a study's own figures to its team and programme staff only: it learns the team from this.
        db.Publish(new StudyTeamChanged(study.Id, study.OwnerSubjectId, study.SubmittedAt), clock);
        if (study.AskPanelReview) db.PublishPanelReviewRequested(study, clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/participation/studies/{study.Id}", StudyView.From(study));
    }

    /// <summary>The Research Panel hears that the study asks for its review, with the text it needs: nobody retypes it.</summary>
    internal static void PublishPanelReviewRequested(this ParticipationDbContext db, Study study, TimeProvider clock) =>
        db.Publish(new StudyPanelReviewRequested(study.Id, study.Title, study.LaySummary, study.OwnerSubjectId, clock.GetUtcNow(), study.Revision), clock);

    private static async Task<Results<Ok<Paged<StudyView>>, ValidationProblem>> ListAsync(string? status, [AsParameters] PageQuery page,
        HttpContext http, ParticipationDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var user = http.User;
        var query = db.Studies.AsNoTracking();
        if (user.IsInRole(Roles.Researcher))
        {
            var subject = user.SubjectId();
            query = query.Where(s => s.OwnerSubjectId == subject || (s.Status != StudyStatuses.InReview && s.Status != StudyStatuses.Disapproved));
        }
        else if (!user.IsInRole(Roles.Coordinator))
            query = query.Where(s => s.Status != StudyStatuses.InReview && s.Status != StudyStatuses.Disapproved);
        if (status is not null) query = query.Where(s => s.Status == status);
        var studies = await query.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id).ToPageAsync(page, ct);
        return TypedResults.Ok(studies.Map(StudyView.From));
    }

    private static async Task<Results<Ok<StudyView>, NotFound>> GetAsync(Guid id, HttpContext http, ParticipationDbContext db, CancellationToken ct)
    {
        var study = await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return study is not null && (study.IsListed() || http.User.Manages(study)) ? TypedResults.Ok(StudyView.From(study)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<StudyView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(Guid id, StatusChange change,
        HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FindManagedAsync(id, http.User, ct) is not { } study) return TypedResults.NotFound();
        var allowed = StudyStatuses.Next[study.Status];
        if (change.Status is null || !allowed.Contains(change.Status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [allowed.Length == 0 ? $"A study that is {study.Status} cannot change status." : $"From {study.Status}: one of {string.Join(", ", allowed)}."],
            });
        if (change.Status == StudyStatuses.Disapproved && string.IsNullOrWhiteSpace(change.Note))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["Say why the study is not approved: the researcher sees it."] });
        var isReviewDecision = study.Status == StudyStatuses.InReview && change.Status != StudyStatuses.Withdrawn;
        if (isReviewDecision && !http.User.IsInRole(Roles.Coordinator))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only programme staff approve or reject studies.");
        if (isReviewDecision && change.Revision is { } reviewed && reviewed != study.Revision)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"The study was revised since: it is at revision {study.Revision}, not {reviewed}.",
                detail: "Nothing was decided. Review its latest revision, then decide again.");
        study.Status = change.Status;
        if (isReviewDecision)
        {
            study.DecidedAt = clock.GetUtcNow();
            study.DecidedBy = http.User.SubjectId();
            study.DecisionNote = change.Note?.Trim();
            if (change.Status == StudyStatuses.Active) study.ApprovedRevision = study.Revision;
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(StudyView.From(study));
    }
}

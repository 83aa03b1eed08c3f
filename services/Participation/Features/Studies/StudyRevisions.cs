using System.Text.Json;
using System.Text.Json.Nodes;
using MhAll.Messaging;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static MhAll.Participation.Features.Studies.StudyEndpoints;

namespace MhAll.Participation.Features.Studies;

/// <summary>
/// Revising a study: its team and programme staff change its details with the submission's body and checks, each
/// revision is kept (<see cref="StudyRevision"/>), and a material one (who is eligible, what volunteers are told)
/// sends an approved study back to review, where it neither matches nor invites until programme staff approve it again.
/// </summary>
public static class StudyRevisions
{
    /// <summary>
    /// What makes a revision material: who is eligible (the criteria, the boroughs, and the representation targets
    /// that steer matching) and what volunteers are told (their invitations show the title, lay summary, sponsor and
    /// sites). The rest (IRAS / ISRCTN ids, recruitment target, dates, asking for Panel review) is not.
    /// </summary>
    public static readonly string[] MaterialFields = ["title", "laySummary", "sponsor", "sites", "boroughs", "eligibility", "representationTargets"];

    /// <summary>Statuses a study may be revised in; it is approved in the last two.</summary>
    public static readonly string[] Revisable = [StudyStatuses.InReview, StudyStatuses.Active, StudyStatuses.TemporarilyClosed];

    /// <summary>A study's details as one revision left them.</summary>
    public sealed record StudyDetails(string Title, string LaySummary, string? IrasId, string? IsrctnId, string Sponsor, IReadOnlyList<string> Sites,
        IReadOnlyList<string> Boroughs, Eligibility Eligibility, int RecruitmentTarget, IReadOnlyList<RepresentationTarget> RepresentationTargets,
        DateOnly? StartDate, DateOnly? EndDate, bool AskPanelReview)
    {
        public static StudyDetails Of(Study s) => new(s.Title, s.LaySummary, s.IrasId, s.IsrctnId, s.Sponsor, s.Sites, s.Boroughs, s.Eligibility,
            s.RecruitmentTarget, s.RepresentationTargets, s.StartDate, s.EndDate, s.AskPanelReview);
    }

    /// <param name="Number">1 is the study as submitted.</param>
    /// <param name="ChangedFields">Named as the request names them, e.g. eligibility.languages; empty for revision 1.</param>
    /// <param name="Material">It changed who is eligible or what volunteers are told.</param>
    /// <param name="StatusAfter">in-review when a material revision sent an approved study back to review.</param>
    /// <param name="RevisedByRole">study-team or programme-staff.</param>
    /// <param name="RevisedBy">The sign-in that made it: shown to programme staff, and to the team for its own revisions.</param>
    public sealed record RevisionView(int Number, string RevisedByRole, string? RevisedBy, DateTimeOffset RevisedAt, IReadOnlyList<string> ChangedFields, bool Material,
        string StatusBefore, string StatusAfter, StudyDetails Snapshot);

    public static IEndpointRouteBuilder MapStudyRevisions(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/api/participation/studies").WithTags("Studies");
        studies.MapPut("/{id:guid}", ReviseAsync).RequireAuthorization(Policies.Researcher).WithName("ReviseStudy")
            .WithSummary("Revise a study you manage (in review, active or temporarily closed) with the submission's body and the `revision` you are changing (409 if it was revised meanwhile). "
                         + "A material change (eligibility, boroughs, representation targets, title, lay summary, sponsor, sites) to an approved study sends it back to in-review: "
                         + "no matching or invitations until programme staff approve it again; invitations already sent stay. Other changes keep its status.");
        studies.MapGet("/{id:guid}/revisions", ListAsync).RequireAuthorization(Policies.Researcher).WithName("ListStudyRevisions")
            .WithSummary("Every revision of a study you manage, from 1 (as submitted): who, when, which fields changed, whether material, and the details it left; oldest first, paged.");
        return app;
    }

    /// <summary>
    /// What volunteers are shown of each study: what programme staff approved. While a material revision waits in
    /// review (or was turned down), that is the approved revision's title, summary, sponsor and sites, not the draft.
    /// </summary>
    public static async Task<Dictionary<Guid, Invitations.StudySummary>> ShownToVolunteersAsync(ParticipationDbContext db, IEnumerable<Study> studies,
        CancellationToken ct)
    {
        var shown = studies.DistinctBy(s => s.Id).ToDictionary(s => s.Id, s => new Invitations.StudySummary(s.Id, s.Title, s.LaySummary, s.Sponsor, s.Sites, s.Status));
        var drafts = studies.Where(s => s is { Status: StudyStatuses.InReview or StudyStatuses.Disapproved, ApprovedRevision: { } approved } && approved != s.Revision)
            .Select(s => new { s.Id, Number = s.ApprovedRevision!.Value, s.Status }).Distinct().ToList();
        foreach (var draft in drafts)
        {
            var snapshot = await db.StudyRevisions.AsNoTracking().Where(r => r.StudyId == draft.Id && r.Number == draft.Number)
                .Select(r => r.Snapshot).SingleAsync(ct);
            var approved = JsonSerializer.Deserialize<StudyDetails>(snapshot, JsonSerializerOptions.Web)!;
            shown[draft.Id] = new Invitations.StudySummary(draft.Id, approved.Title, approved.LaySummary, approved.Sponsor, approved.Sites, draft.Status);
        }
        return shown;
    }

    /// <summary>Revision 1: the study as submitted.</summary>
    public static StudyRevision Submitted(Study study) => new()
    {
        StudyId = study.Id, Number = 1, RevisedBy = study.OwnerSubjectId, RevisedAt = study.SubmittedAt, StatusBefore = study.Status,
        StatusAfter = study.Status, Snapshot = Serialise(study),
    };

    private static string Serialise(Study study) => JsonSerializer.Serialize(StudyDetails.Of(study), JsonSerializerOptions.Web);

    private static async Task<Results<Ok<StudyView>, NotFound, ValidationProblem, ProblemHttpResult>> ReviseAsync(Guid id, StudyRequest request,
        HttpContext http, ParticipationDbContext db, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FindManagedAsync(id, http.User, ct) is not { } study) return TypedResults.NotFound();
        if (!Revisable.Contains(study.Status))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A study that is {study.Status} can no longer be revised.");
        var errors = Validate(request, areas, clock.Today());
        if (request.Revision is not > 0) errors.Add("revision", "The revision you are changing: the study's revision as you read it.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (request.Revision != study.Revision)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"The study was revised meanwhile: it is at revision {study.Revision}, not {request.Revision}.",
                detail: "Nothing was saved. Reload it, see what changed in its revisions, and revise it again.");

        var before = JsonSerializer.SerializeToNode(StudyDetails.Of(study), JsonSerializerOptions.Web)!.AsObject();
        var askedPanelBefore = study.AskPanelReview;
        Apply(request, study);
        var after = JsonSerializer.SerializeToNode(StudyDetails.Of(study), JsonSerializerOptions.Web)!.AsObject();
        var changed = Changed(before, after);
        if (changed.Count == 0) return TypedResults.Ok(StudyView.From(study)); // nothing changed: no revision

        var material = changed.Any(f => MaterialFields.Contains(f.Split('.')[0]));
        var statusBefore = study.Status;
        // An approved study changed in who may take part or what they are told is reviewed again before it recruits.
        if (material && statusBefore is StudyStatuses.Active or StudyStatuses.TemporarilyClosed) study.Status = StudyStatuses.InReview;
        study.Revision++;
        db.StudyRevisions.Add(new StudyRevision
        {
            StudyId = study.Id, Number = study.Revision, RevisedBy = http.User.SubjectId(), RevisedAt = clock.GetUtcNow(), ChangedFields = changed,
            Material = material, StatusBefore = statusBefore, StatusAfter = study.Status, Snapshot = after.ToJsonString(),
        });
        // Asking for Panel review only now: the Panel hears it once, in the same save (a request it already has stays).
        if (study.AskPanelReview && !askedPanelBefore) db.PublishPanelReviewRequested(study, clock);
        // A revision racing this one from the same revision: the study's xmin or the revision's key refuses the second (409).
        if (await db.SaveOrConflictAsync("The study was revised by someone else meanwhile.", "Nothing was saved. Reload it and revise it again.", ct)
            is { } conflict) return conflict;
        return TypedResults.Ok(StudyView.From(study));
    }

    /// <summary>The fields that differ, eligibility criterion by criterion; a list in another order is the same list.</summary>
    public static List<string> Changed(JsonObject before, JsonObject after)
    {
        var changed = new List<string>();
        foreach (var (name, value) in after)
        {
            if (name == "eligibility" && value is JsonObject criteria && before[name] is JsonObject old)
                changed.AddRange(criteria.Where(c => !Same(old[c.Key], c.Value)).Select(c => $"{name}.{c.Key}"));
            else if (!Same(before[name], value)) changed.Add(name);
        }
        return changed;
    }

    private static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Canonical(a), Canonical(b));

    private static JsonNode? Canonical(JsonNode? node) => node is JsonArray list
        ? new JsonArray([.. list.Select(item => item?.DeepClone()).OrderBy(item => item?.ToJsonString(), StringComparer.Ordinal)])
        : node;

    private static async Task<Results<Ok<Paged<RevisionView>>, NotFound, ValidationProblem>> ListAsync(Guid id, [AsParameters] PageQuery page,
        HttpContext http, ParticipationDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FindManagedAsync(id, http.User, ct) is not { } study) return TypedResults.NotFound();
        var revisions = await db.StudyRevisions.AsNoTracking().Where(r => r.StudyId == id).OrderBy(r => r.Number).ToPageAsync(page, ct);
        var staff = http.User.IsInRole(Roles.Coordinator);
        return TypedResults.Ok(revisions.Map(r => new RevisionView(r.Number, r.RevisedBy == study.OwnerSubjectId ? "study-team" : "programme-staff",
            staff || r.RevisedBy == study.OwnerSubjectId ? r.RevisedBy : null, r.RevisedAt, r.ChangedFields, r.Material, r.StatusBefore,
            r.StatusAfter, JsonSerializer.Deserialize<StudyDetails>(r.Snapshot, JsonSerializerOptions.Web)!)));
    }
}

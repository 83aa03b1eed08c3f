using MhAll.Messaging.Audit;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Barriers;

/// <summary>Barriers interviews: records without names, coded with themes from the barrier taxonomy, and how often each theme comes up.</summary>
public static class Interviews
{
    public sealed record InterviewRequest(DateOnly? HeldOn, string? ParticipantRelationship, string? EthnicGroup, string? AgeBand,
        string? LocalAuthorityCode, string? Setting, [FreeText(8000)] string? Summary, List<InterviewTheme>? Themes);

    public sealed record InterviewView(Guid Id, DateOnly HeldOn, string ParticipantRelationship, string? EthnicGroup, string? AgeBand,
        string? LocalAuthorityCode, string? Setting, string Summary, IReadOnlyList<InterviewTheme> Themes)
    {
        public static InterviewView From(Interview i) => new(i.Id, i.HeldOn, i.ParticipantRelationship, i.EthnicGroup, i.AgeBand,
            i.LocalAuthorityCode, i.Setting, i.Summary, i.Themes);
    }

    /// <param name="Interviews">
    /// Interviews where the theme came up: rounded to 5, and hidden when it or the number that did not raise it is
    /// 1–7; raw for programme staff.
    /// </param>
    public sealed record ThemeCount(string Barrier, int? Interviews);

    public sealed record Themes(int? Interviews, bool Raw, IReadOnlyList<ThemeCount> ByBarrier);

    public static IEndpointRouteBuilder MapInterviews(this IEndpointRouteBuilder app)
    {
        var interviews = app.MapGroup("/api/participation/interviews").WithTags("Barriers interviews");
        interviews.MapPost("/", RecordAsync).RequireAuthorization(Policies.Coordinator).WithName("RecordInterview")
            .WithSummary("Record a barriers interview: no names; a summary and the themes coded from it.");
        interviews.MapGet("/", ListAsync).RequireAuthorization(Policies.Coordinator).WithName("ListInterviews")
            .WithSummary("Interview records, latest first, paged; optionally those coded with one barrier (?barrier=trust).");
        interviews.MapGet("/themes", ThemesAsync).RequireAuthorization(Policies.Insights).WithName("GetInterviewThemes")
            .WithSummary("How many interviews raised each barrier.");
        return app;
    }

    private static async Task<Results<Created<InterviewView>, ValidationProblem>> RecordAsync(InterviewRequest request, HttpContext http,
        ParticipationDbContext db, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Required("summary", request.Summary, 8000)
            .MaxLength("setting", request.Setting, 200)
            .OneOf("ageBand", request.AgeBand, AgeBands.All)
            .OneOf("localAuthorityCode", request.LocalAuthorityCode, areas.LocalAuthorityCodes)
            .SubsetOf("themes", request.Themes?.Select(t => t.Barrier).ToList(), Vocabularies.Barriers, atLeast: 1);
        if (request.ParticipantRelationship is null || !Vocabularies.Relationships.Contains(request.ParticipantRelationship))
            errors.Add("participantRelationship", $"One of: {string.Join(", ", Vocabularies.Relationships)}.");
        if (request.HeldOn is not { } heldOn || heldOn > clock.Today()) errors.Add("heldOn", "The date the interview took place (not in the future).");
        if (request.EthnicGroup is { } group && !EthnicGroups.IsValid(group)) errors.Add("ethnicGroup", "A Census 2021 category or prefer-not-to-say.");
        if (request.Themes?.Any(t => t.Note?.Length > 1000) == true) errors.Add("themes", "Notes of at most 1000 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var interview = new Interview
        {
            Id = Guid.CreateVersion7(), HeldOn = request.HeldOn!.Value, RecordedBy = http.User.SubjectId(),
            ParticipantRelationship = request.ParticipantRelationship!, EthnicGroup = request.EthnicGroup, AgeBand = request.AgeBand,
            LocalAuthorityCode = request.LocalAuthorityCode, Setting = request.Setting, Summary = request.Summary!.Trim(), Themes = request.Themes!,
        };
        db.Interviews.Add(interview);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/participation/interviews/{interview.Id}", InterviewView.From(interview));
    }

    private static async Task<Results<Ok<Paged<InterviewView>>, ValidationProblem>> ListAsync(string? barrier, [AsParameters] PageQuery page,
        ParticipationDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        // Interviews number in the hundreds: their themes are filtered here rather than inside the JSON column.
        var interviews = await db.Interviews.AsNoTracking().OrderByDescending(i => i.HeldOn).ThenBy(i => i.Id).ToListAsync(ct);
        return TypedResults.Ok(page.Of(interviews.Where(i => barrier is null || i.Themes.Any(t => t.Barrier == barrier)).Select(InterviewView.From)));
    }

    private static async Task<Ok<Themes>> ThemesAsync(HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var raw = http.User.IsInRole(Roles.Coordinator);
        if (raw) db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, "interview-themes");
        var themes = (await db.Interviews.AsNoTracking().Select(i => i.Themes).ToListAsync(ct))
            .Select(t => t.Select(x => x.Barrier).ToHashSet()).ToList();
        if (raw) await db.SaveChangesAsync(ct);
        // Each barrier divides the interviews into those that raised it and those that did not: one table each, so
        // that "all but a few raised it" is hidden as surely as "a few raised it".
        var byBarrier = Vocabularies.Barriers.Select(b =>
        {
            var raised = themes.Count(t => t.Contains(b));
            var table = DisclosureControl.Publish([("raised", raised), ("not-raised", themes.Count - raised)], raw);
            return new ThemeCount(b, table.Cells[0].Count);
        }).ToList();
        return TypedResults.Ok(new Themes(raw ? themes.Count : DisclosureControl.Publish(themes.Count), raw, byBarrier));
    }
}

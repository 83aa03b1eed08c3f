using MhAll.Contracts.Training;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain.Mentoring;
using MhAll.Training.Features.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// A mentoring pair's own record: meetings (notes included), goals and outcomes. Only the mentor and the mentee read or
/// add to it; anyone else, programme staff included, gets 404. Programme staff list relationships and their outcomes,
/// never meetings. Once a relationship has ended (<see cref="EndRelationship"/>) no meeting or goal is added to it;
/// goals may still be marked met and outcomes recorded, since what came of the mentoring often shows later.
/// </summary>
public static class Relationships
{
    public sealed record RelationshipSummary(Guid Id, Guid MentorProfileId, Guid MenteeProfileId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
        string? EndReason)
    {
        public static RelationshipSummary From(MentoringRelationship r) => new(r.Id, r.MentorProfileId, r.MenteeProfileId, r.StartedAt, r.EndedAt, r.EndReason);
    }

    public sealed record Person(Guid ProfileId, string Name, string Profession);

    /// <param name="Role">Your part in it: mentor or mentee.</param>
    /// <param name="EndReason">Why it ended (goals-met, mentee-left, mentor-unavailable, other); null while it runs.</param>
    public sealed record MyRelationship(Guid Id, string Role, Person Mentor, Person Mentee, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
        string? EndReason);

    public sealed record MeetingView(Guid Id, DateOnly HeldOn, string? Notes, Guid RecordedBy, DateTimeOffset RecordedAt);
    public sealed record GoalView(Guid Id, string Description, DateOnly SetOn, DateOnly? MetOn);
    public sealed record OutcomeView(Guid Id, string Kind, DateOnly AchievedOn, string? Description, DateTimeOffset RecordedAt);

    public sealed record RelationshipDetail(MyRelationship Relationship, IReadOnlyList<MeetingView> Meetings, IReadOnlyList<GoalView> Goals,
        IReadOnlyList<OutcomeView> Outcomes);

    /// <summary>For programme staff: ids, dates and outcomes, no meeting notes.</summary>
    public sealed record RelationshipOverview(Guid Id, Guid MentorProfileId, Guid MenteeProfileId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
        string? EndReason, int Meetings, IReadOnlyList<OutcomeView> Outcomes);

    public sealed record NewMeeting(DateOnly? HeldOn, [FreeText] string? Notes);
    public sealed record NewGoal([property: System.ComponentModel.DataAnnotations.MaxLength(500)] string? Description);
    public sealed record GoalMet(DateOnly? MetOn);
    /// <param name="Kind">became-principal-investigator, submitted-grant-application, publication or other.</param>
    public sealed record NewOutcome(string? Kind, DateOnly? AchievedOn, [property: System.ComponentModel.DataAnnotations.MaxLength(500)] string? Description);

    public static IEndpointRouteBuilder MapRelationships(this IEndpointRouteBuilder app)
    {
        var relationships = app.MapGroup("/api/training/mentoring/relationships").WithTags("Mentoring");
        relationships.MapGet("/", ListAllAsync).RequireAuthorization(Policies.Coordinator).WithName("ListMentoringRelationships")
            .WithSummary("All mentoring relationships, newest first, paged: ids, meeting count and outcomes (never meeting notes).");
        relationships.MapGet("/me", MineAsync).RequireAuthorization(MentoringAccess.PairMember).WithName("GetMyMentoringRelationships")
            .WithSummary("Your mentoring relationships, as mentor or mentee.");
        relationships.MapGet("/{id:guid}", DetailAsync).RequireAuthorization(MentoringAccess.PairMember).WithName("GetMentoringRelationship")
            .WithSummary("One of your relationships with its meetings, goals and outcomes; 404 for anyone but the pair.");
        relationships.MapPost("/{id:guid}/meetings", AddMeetingAsync).RequireAuthorization(MentoringAccess.PairMember).WithName("RecordMentoringMeeting")
            .WithSummary("Record a meeting (its date, up to today, and notes only the pair read); 409 once the relationship has ended.");
        relationships.MapPost("/{id:guid}/goals", AddGoalAsync).RequireAuthorization(MentoringAccess.PairMember).WithName("SetMentoringGoal")
            .WithSummary("Set a goal for the mentoring; 409 once the relationship has ended.");
        relationships.MapPost("/{id:guid}/goals/{goalId:guid}/met", GoalMetAsync).RequireAuthorization(MentoringAccess.PairMember)
            .WithName("MarkMentoringGoalMet").WithSummary("Mark a goal as met, on a date up to today.");
        relationships.MapPost("/{id:guid}/outcomes", AddOutcomeAsync).RequireAuthorization(MentoringAccess.PairMember).WithName("RecordMentoringOutcome")
            .WithSummary("Record what the mentee achieved (became-principal-investigator, submitted-grant-application, publication, other), dated.");
        return app;
    }

    private static async Task<Results<Ok<Paged<RelationshipOverview>>, ValidationProblem>> ListAllAsync([AsParameters] PageQuery page,
        TrainingDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var listed = await db.MentoringRelationships.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id).ToPageAsync(page, ct);
        var ids = listed.Items.Select(r => r.Id).ToList();
        var meetings = await db.MentoringMeetings.Where(m => ids.Contains(m.RelationshipId)).GroupBy(m => m.RelationshipId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var outcomes = (await db.MentoringOutcomes.AsNoTracking().Where(o => ids.Contains(o.RelationshipId)).OrderBy(o => o.AchievedOn).ToListAsync(ct))
            .ToLookup(o => o.RelationshipId);
        return TypedResults.Ok(listed.Map(r => new RelationshipOverview(r.Id, r.MentorProfileId, r.MenteeProfileId, r.StartedAt, r.EndedAt, r.EndReason,
            meetings.GetValueOrDefault(r.Id), [.. outcomes[r.Id].Select(Outcome)])));
    }

    private static async Task<Ok<List<MyRelationship>>> MineAsync(HttpContext http, TrainingDbContext db, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } me) return TypedResults.Ok(new List<MyRelationship>());
        var mine = await db.MentoringRelationships.AsNoTracking().Where(r => r.MentorProfileId == me.Id || r.MenteeProfileId == me.Id)
            .OrderByDescending(r => r.StartedAt).ToListAsync(ct);
        var result = new List<MyRelationship>();
        foreach (var r in mine) result.Add(await ViewAsync(db, r, me.Id, ct));
        return TypedResults.Ok(result);
    }

    private static async Task<MyRelationship> ViewAsync(TrainingDbContext db, MentoringRelationship r, Guid me, CancellationToken ct)
    {
        var people = await db.Profiles.AsNoTracking().Where(p => p.Id == r.MentorProfileId || p.Id == r.MenteeProfileId)
            .ToDictionaryAsync(p => p.Id, p => new Person(p.Id, p.Name, p.Profession), ct);
        return new MyRelationship(r.Id, r.MentorProfileId == me ? MentoringParties.Mentor : MentoringParties.Mentee, people[r.MentorProfileId],
            people[r.MenteeProfileId], r.StartedAt, r.EndedAt, r.EndReason);
    }

    private static async Task<Results<Ok<RelationshipDetail>, NotFound>> DetailAsync(Guid id, HttpContext http, TrainingDbContext db, CancellationToken ct)
    {
        if (await db.MemberOfAsync(http.User, id, ct) is not { } member) return TypedResults.NotFound();
        return TypedResults.Ok(await DetailOfAsync(db, member.Relationship, member.ProfileId, ct));
    }

    /// <summary>Every relationship the profile is in, as mentor or mentee, with everything recorded: for their subject access export.</summary>
    public static async Task<List<RelationshipDetail>> AllOfAsync(TrainingDbContext db, Guid profileId, CancellationToken ct)
    {
        var result = new List<RelationshipDetail>();
        foreach (var r in await db.MentoringRelationships.AsNoTracking().Where(r => r.MentorProfileId == profileId || r.MenteeProfileId == profileId)
                     .OrderBy(r => r.StartedAt).ToListAsync(ct))
            result.Add(await DetailOfAsync(db, r, profileId, ct));
        return result;
    }

    private static async Task<RelationshipDetail> DetailOfAsync(TrainingDbContext db, MentoringRelationship relationship, Guid me, CancellationToken ct)
    {
        var id = relationship.Id;
        var meetings = await db.MentoringMeetings.AsNoTracking().Where(m => m.RelationshipId == id).OrderBy(m => m.HeldOn).ThenBy(m => m.Id)
            .Select(m => new MeetingView(m.Id, m.HeldOn, m.Notes, m.RecordedBy, m.RecordedAt)).ToListAsync(ct);
        var goals = await db.MentoringGoals.AsNoTracking().Where(g => g.RelationshipId == id).OrderBy(g => g.SetOn).ThenBy(g => g.Id)
            .Select(g => new GoalView(g.Id, g.Description, g.SetOn, g.MetOn)).ToListAsync(ct);
        var outcomes = await db.MentoringOutcomes.AsNoTracking().Where(o => o.RelationshipId == id).OrderBy(o => o.AchievedOn).ThenBy(o => o.Id).ToListAsync(ct);
        return new RelationshipDetail(await ViewAsync(db, relationship, me, ct), meetings, goals, [.. outcomes.Select(Outcome)]);
    }

    private static async Task<Results<Created<MeetingView>, ValidationProblem, NotFound, ProblemHttpResult>> AddMeetingAsync(Guid id, NewMeeting request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().MaxLength("notes", request.Notes, 4000);
        Dated(errors, "heldOn", request.HeldOn, clock);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.MemberOfAsync(http.User, id, ct) is not { } member) return TypedResults.NotFound();
        if (Ended(member.Relationship) is { } ended) return ended;
        var now = clock.GetUtcNow();
        var meeting = new MentoringMeeting
        {
            Id = Guid.CreateVersion7(now), RelationshipId = id, HeldOn = request.HeldOn!.Value, Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
            RecordedBy = member.ProfileId, RecordedAt = now,
        };
        db.MentoringMeetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/mentoring/relationships/{id}",
            new MeetingView(meeting.Id, meeting.HeldOn, meeting.Notes, meeting.RecordedBy, meeting.RecordedAt));
    }

    private static async Task<Results<Created<GoalView>, ValidationProblem, NotFound, ProblemHttpResult>> AddGoalAsync(Guid id, NewGoal request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Required("description", request.Description, 500) is { Any: true } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.MemberOfAsync(http.User, id, ct) is not { } member) return TypedResults.NotFound();
        if (Ended(member.Relationship) is { } ended) return ended;
        var goal = new MentoringGoal { Id = Guid.CreateVersion7(clock.GetUtcNow()), RelationshipId = id, Description = request.Description!.Trim(), SetOn = clock.Today() };
        db.MentoringGoals.Add(goal);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/mentoring/relationships/{id}", new GoalView(goal.Id, goal.Description, goal.SetOn, goal.MetOn));
    }

    private static async Task<Results<Ok<GoalView>, ValidationProblem, NotFound>> GoalMetAsync(Guid id, Guid goalId, GoalMet request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Dated(errors, "metOn", request.MetOn, clock);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.MemberOfAsync(http.User, id, ct) is null
            || await db.MentoringGoals.SingleOrDefaultAsync(g => g.Id == goalId && g.RelationshipId == id, ct) is not { } goal)
            return TypedResults.NotFound();
        goal.MetOn = request.MetOn;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new GoalView(goal.Id, goal.Description, goal.SetOn, goal.MetOn));
    }

    private static async Task<Results<Created<OutcomeView>, ValidationProblem, NotFound>> AddOutcomeAsync(Guid id, NewOutcome request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("kind", request.Kind, MentoringVocabulary.OutcomeKinds).MaxLength("description", request.Description, 500);
        Dated(errors, "achievedOn", request.AchievedOn, clock);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.MemberOfAsync(http.User, id, ct) is not { } member) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var outcome = new MentoringOutcome
        {
            Id = Guid.CreateVersion7(now), RelationshipId = id, Kind = request.Kind!, AchievedOn = request.AchievedOn!.Value,
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(), RecordedAt = now,
        };
        db.MentoringOutcomes.Add(outcome);
        db.Publish(new MentoringOutcomeRecorded(outcome.Id, id, member.Relationship.MenteeProfileId, outcome.Kind, outcome.AchievedOn, now), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/mentoring/relationships/{id}", Outcome(outcome));
    }

    /// <summary>The refusal for an ended relationship; null while it runs.</summary>
    private static ProblemHttpResult? Ended(MentoringRelationship relationship) => relationship.EndedAt is { } endedAt
        ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This mentoring ended on {endedAt:yyyy-MM-dd} ({relationship.EndReason}).",
            detail: "Nothing more is planned in it; ask for a mentor again (POST /api/training/mentoring/requests) to start anew.")
        : null;

    private static OutcomeView Outcome(MentoringOutcome o) => new(o.Id, o.Kind, o.AchievedOn, o.Description, o.RecordedAt);

    /// <summary>A required date from 2000 to today.</summary>
    private static void Dated(ValidationErrors errors, string field, DateOnly? date, TimeProvider clock)
    {
        if (date is null) errors.Add(field, "This field is required.");
        else AssessCapability.CheckDate(errors, field, date, clock.Today());
    }
}

using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>
/// A champion's log of what they did to promote research: they alone write it and read it at <c>/me</c>; programme
/// staff read any champion's, each read in the audit trail.
/// </summary>
public static class ChampionActivities
{
    public const int MaxCount = 10_000;
    public const int NoteMaxLength = 500;

    /// <param name="Kind">talk, signposting-conversation or study-promoted.</param>
    /// <param name="On">When: not before your appointment, not in the future.</param>
    /// <param name="Count">People reached (a talk, a study promoted) or conversations held (signposting): 1 to 10,000.</param>
    /// <param name="StudyId">Optional: the study, by its id on the register.</param>
    public sealed record NewActivity(string? Kind, DateOnly? On, int? Count, Guid? StudyId, [FreeText(NoteMaxLength)] string? Note);

    public sealed record ActivityView(Guid Id, string Kind, DateOnly On, int Count, Guid? StudyId, string? Note, DateTimeOffset RecordedAt)
    {
        public static ActivityView From(ChampionActivity a) => new(a.Id, a.Kind, a.On, a.Count, a.StudyId, a.Note, a.RecordedAt);
    }

    public static IEndpointRouteBuilder MapChampionActivities(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/champions/me/activities", RecordAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Champions")
            .WithName("RecordChampionActivity")
            .WithSummary("Log a talk, a signposting conversation or a study promoted (404 if you are not a champion, 409 once you stood down).");
        app.MapGet("/api/training/champions/me/activities", async Task<Results<Ok<Paged<ActivityView>>, ValidationProblem, NotFound>> (
                [AsParameters] PageQuery page, HttpContext http, TrainingDbContext db, CancellationToken ct) =>
            {
                if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
                if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
                return TypedResults.Ok(await PageAsync(db, db.Champions.Where(c => c.ProfileId == profile.Id).Select(c => c.Id), page, ct));
            })
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Champions")
            .WithName("GetMyChampionActivities")
            .WithSummary("Your activity log, across your appointments, newest first, paged.");
        app.MapGet("/api/training/champions/{id:guid}/activities", async Task<Results<Ok<Paged<ActivityView>>, ValidationProblem, NotFound>> (Guid id,
                [AsParameters] PageQuery page, HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
                if (await db.Champions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } champion) return TypedResults.NotFound();
                db.Audit(http, clock, AuditActions.StaffRecordRead, AuditSubjects.StaffProfile, champion.ProfileId.ToString());
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(await PageAsync(db, db.Champions.Where(c => c.Id == id).Select(c => c.Id), page, ct));
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Champions")
            .WithName("GetChampionActivities")
            .WithSummary("A champion's activity log, newest first, paged; each read is in the audit trail.");
        return app;
    }

    private static async Task<Paged<ActivityView>> PageAsync(TrainingDbContext db, IQueryable<Guid> champions, PageQuery page, CancellationToken ct) =>
        (await db.ChampionActivities.AsNoTracking().Where(a => champions.Contains(a.ChampionId))
            .OrderByDescending(a => a.On).ThenByDescending(a => a.Id).ToPageAsync(page, ct)).Map(ActivityView.From);

    private static async Task<Results<Created<ActivityView>, ValidationProblem, NotFound, ProblemHttpResult>> RecordAsync(NewActivity request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        if (await db.Champions.AsNoTracking().LatestOfAsync(profile.Id, ct) is not { } champion) return TypedResults.NotFound();
        var today = clock.Today();
        var errors = new ValidationErrors().RequiredOneOf("kind", request.Kind, ChampionActivityKinds.All);
        if (request.On is not { } on) errors.Add("on", "This field is required.");
        else if (on < champion.AppointedOn || on > today) errors.Add("on", $"Between your appointment ({champion.AppointedOn:yyyy-MM-dd}) and today.");
        if (request.Count is not (>= 1 and <= MaxCount)) errors.Add("count", $"People reached or conversations held: 1 to {MaxCount:N0}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (champion.Status != ChampionStatuses.Active)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"You stood down as champion on {champion.StoodDownOn:yyyy-MM-dd}.");
        var activity = new ChampionActivity
        {
            Id = Guid.CreateVersion7(), ChampionId = champion.Id, Kind = request.Kind!, On = request.On!.Value, Count = request.Count!.Value,
            StudyId = request.StudyId, Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), RecordedAt = clock.GetUtcNow(),
        };
        db.ChampionActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/training/champions/me/activities", ActivityView.From(activity));
    }
}

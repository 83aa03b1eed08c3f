using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Profiles;

/// <summary>
/// A member of staff assesses their research capability on the NHS England multi-professional practice-based research
/// capabilities framework (entry, enhanced, advanced, consultant), dated; every assessment is kept.
/// </summary>
public static class AssessCapability
{
    /// <param name="Level">entry, enhanced, advanced or consultant.</param>
    /// <param name="AssessedOn">When you assessed yourself; today when left out.</param>
    public sealed record Assessment(string? Level, DateOnly? AssessedOn);

    public sealed record Entry(string Level, DateOnly AssessedOn, DateTimeOffset RecordedAt);

    public static RouteGroupBuilder MapAssessCapability(this RouteGroupBuilder group)
    {
        group.MapPost("/me/capability", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("AssessMyCapability")
            .WithSummary("Record a new self-assessment of your research capability level; your profile shows the latest by date, the history keeps all.");
        group.MapGet("/me/capability", async Task<Results<Ok<List<Entry>>, NotFound>> (HttpContext http, TrainingDbContext db, CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } profile
                    ? TypedResults.Ok(await HistoryAsync(db, profile.Id, ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("GetMyCapabilityHistory")
            .WithSummary("Your capability self-assessments, oldest first.");
        return group;
    }

    public static Task<List<Entry>> HistoryAsync(TrainingDbContext db, Guid profileId, CancellationToken ct) =>
        db.CapabilityAssessments.AsNoTracking().Where(a => a.ProfileId == profileId).OrderBy(a => a.AssessedOn).ThenBy(a => a.Id)
            .Select(a => new Entry(a.Level, a.AssessedOn, a.RecordedAt)).ToListAsync(ct);

    public static void CheckDate(ValidationErrors errors, string field, DateOnly? date, DateOnly today)
    {
        if (date is { } d && (d > today || d.Year < 2000)) errors.Add(field, $"A date from 2000 to today ({today:yyyy-MM-dd}).");
    }

    /// <summary>Adds the assessment to the history; the profile shows it when it is the latest by date.</summary>
    public static void Record(TrainingDbContext db, StaffProfile profile, string level, DateOnly assessedOn, DateTimeOffset now)
    {
        db.CapabilityAssessments.Add(new CapabilityAssessment { ProfileId = profile.Id, Level = level, AssessedOn = assessedOn, RecordedAt = now });
        if (profile.CapabilityAssessedOn is { } latest && assessedOn < latest) return;
        (profile.CapabilityLevel, profile.CapabilityAssessedOn, profile.ChangedAt) = (level, assessedOn, now);
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, NotFound>> HandleAsync(Assessment request, HttpContext http,
        TrainingDbContext db, IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var errors = new ValidationErrors().RequiredOneOf("level", request.Level, CapabilityLevels.All);
        CheckDate(errors, "assessedOn", request.AssessedOn, today);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Profiles.MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        var before = await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct);
        Record(db, profile, request.Level!, request.AssessedOn ?? today, clock.GetUtcNow());
        db.PublishIfChanged(profile, before, await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ProfileView.OfAsync(db, profile, underServed.Value, ct));
    }
}

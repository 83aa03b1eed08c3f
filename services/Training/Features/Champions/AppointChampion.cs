using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>
/// Programme staff appoint a member of staff research champion, once they hold a valid certificate for a course tagged
/// <see cref="CourseTags.Champion"/>; the champion counts in their profile's organisation and its ICB.
/// </summary>
public static class AppointChampion
{
    /// <param name="ProfileId">The member of staff's profile.</param>
    public sealed record Appointment(Guid? ProfileId);

    public static IEndpointRouteBuilder MapAppointChampion(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/champions", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Champions")
            .WithName("AppointChampion")
            .WithSummary("Appoint a member of staff research champion: 409 until they have completed the research champion course, or while they are one.");
        return app;
    }

    private static async Task<Results<Created<ChampionView>, ValidationProblem, ProblemHttpResult>> HandleAsync(Appointment request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var profile = request.ProfileId is { } id ? await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) : null;
        if (request.ProfileId is null) errors.Add("profileId", "This field is required.");
        else if (profile is null) errors.Add("profileId", "No staff profile has this id.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var completed = await db.Certificates.Where(c => c.ProfileId == profile!.Id && c.RevokedAt == null)
            .Join(db.Courses, c => c.CourseId, course => course.Id, (_, course) => course)
            .AnyAsync(course => course.Tags.Contains(CourseTags.Champion), ct);
        if (!completed)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not yet eligible to be a research champion.",
                detail: $"They hold no valid certificate for a course tagged {CourseTags.Champion}: record their completion of the champion course first.");
        if (await db.Champions.AnyAsync(c => c.ProfileId == profile!.Id && c.Status == ChampionStatuses.Active, ct)) return AlreadyOne();

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == profile!.OrganisationId, ct);
        var champion = new Champion
        {
            Id = Guid.CreateVersion7(), ProfileId = profile!.Id, OrganisationId = organisation.Id, IcbCode = organisation.IcbCode,
            AppointedOn = clock.Today(), AppointedBy = http.User.SubjectId(),
        };
        db.Champions.Add(champion);
        await db.PublishAppointedAsync(champion, clock, ct);
        // Two appointments at once: the unique index on a profile's active appointment decides.
        if (await db.SaveOrConflictAsync("They are already a research champion.", null, ct) is not null) return AlreadyOne();
        return TypedResults.Created($"/api/training/champions/{champion.Id}", ChampionView.From(champion));
    }

    private static ProblemHttpResult AlreadyOne() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "They are already a research champion.", detail: "Stand the current appointment down before appointing them again.");
}

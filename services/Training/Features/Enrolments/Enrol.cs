using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Enrolments;

/// <summary>
/// A member of staff asks for a place on a session: booked when one is free to them, otherwise on the waitlist. Places
/// are counted under the session's row lock, so the session is never overbooked (docs/decisions/0007).
/// </summary>
public static class Enrol
{
    public static IEndpointRouteBuilder MapEnrol(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/sessions/{id:guid}/enrolments", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Enrolments")
            .WithName("EnrolInSession")
            .WithSummary("Ask for a place: booked when one is free to you, otherwise waitlisted (under-served staff groups first, then first come). 409 when already enrolled, the session was cancelled or has started, or a prerequisite is missing.");
        return app;
    }

    private sealed record Outcome(Enrolment? Enrolment, ProblemHttpResult? Refusal, bool Found = true);

    private static async Task<Results<Created<EnrolmentView>, NotFound, ProblemHttpResult>> HandleAsync(Guid id, HttpContext http, TrainingDbContext db,
        IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile)
            return Refuse("Create your staff profile first.", "POST /api/training/profiles, then enrol.");
        var isUnderServed = await db.IsUnderServedAsync(profile, underServed.Value, ct);
        var outcome = await db.WithSessionLockedAsync(id, async session =>
        {
            if (session is null) return new Outcome(null, null, Found: false);
            if (session.CancelledAt is not null) return new Outcome(null, CancelSession.Cancelled(session));
            var now = clock.GetUtcNow();
            if (session.StartsAt <= now) return new Outcome(null, Refuse("This session has started.", "Choose a later session of the course."));
            if (await db.Enrolments.AnyAsync(e => e.SessionId == id && e.ProfileId == profile.Id && EnrolmentStatuses.Active.Contains(e.Status), ct))
                return new Outcome(null, Refuse("You are already enrolled in this session.", "GET /api/training/enrolments/me shows your place."));
            if (await MissingPrerequisitesAsync(db, session.CourseId, profile.Id, ct) is { Count: > 0 } missing)
                return new Outcome(null, Refuse("Complete the course's prerequisites first.", $"Not yet completed: {string.Join(", ", missing)}."));
            var counts = await db.CountPlacesAsync(session, ct);
            var booked = Places.CanTake(isUnderServed, now >= session.PriorityReleaseAt, counts);
            var enrolment = new Enrolment
            {
                Id = Guid.CreateVersion7(now), SessionId = id, ProfileId = profile.Id, UnderServed = isUnderServed, RequestedAt = now,
                Status = booked ? EnrolmentStatuses.Booked : EnrolmentStatuses.Waitlisted, PlacedAt = booked ? now : null,
            };
            db.Enrolments.Add(enrolment);
            if (booked) db.Publish(new CoursePlaceTaken(id, session.CourseId, isUnderServed, FromWaitlist: false, now), clock);
            return new Outcome(enrolment, null);
        }, ct);
        if (!outcome.Found) return TypedResults.NotFound();
        if (outcome.Refusal is { } refusal) return refusal;
        var view = await MyEnrolments.ViewAsync(db, outcome.Enrolment!.Id, ct);
        return TypedResults.Created("/api/training/enrolments/me", view);
    }

    /// <summary>Titles of the course's prerequisite courses the profile has not completed.</summary>
    private static async Task<List<string>> MissingPrerequisitesAsync(TrainingDbContext db, Guid courseId, Guid profileId, CancellationToken ct)
    {
        var prerequisites = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Prerequisites).SingleAsync(ct);
        if (prerequisites.Count == 0) return [];
        var completed = await db.Enrolments.Where(e => e.ProfileId == profileId && e.Status == EnrolmentStatuses.Completed)
            .Join(db.Sessions, e => e.SessionId, s => s.Id, (_, s) => s.CourseId).Distinct().ToListAsync(ct);
        return await db.Courses.Where(c => prerequisites.Contains(c.Id) && !completed.Contains(c.Id)).OrderBy(c => c.Title).Select(c => c.Title).ToListAsync(ct);
    }

    private static ProblemHttpResult Refuse(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

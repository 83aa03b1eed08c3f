using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Enrolments;

/// <summary>A member of staff gives up their place or leaves the waitlist; a freed place goes to the next in the queue.</summary>
public static class CancelEnrolment
{
    public static IEndpointRouteBuilder MapCancelEnrolment(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/enrolments/{id:guid}/cancel", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Enrolments")
            .WithName("CancelMyEnrolment")
            .WithSummary("Cancel your booking or leave the waitlist; a freed place promotes the next person on the waitlist. 404 for anyone else's enrolment.");
        return app;
    }

    private static async Task<Results<Ok<EnrolmentView>, NotFound, ProblemHttpResult>> HandleAsync(Guid id, HttpContext http, TrainingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        if (await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.ProfileId == profile.Id, ct) is not { } mine)
            return TypedResults.NotFound();
        var refusal = await db.WithSessionLockedAsync(mine.SessionId, async session =>
        {
            var enrolment = await db.Enrolments.SingleAsync(e => e.Id == id, ct);
            if (!EnrolmentStatuses.Open.Contains(enrolment.Status))
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This enrolment is {enrolment.Status}: there is nothing to cancel.");
            await CancelAsync(db, enrolment, session!, clock, ct);
            return null;
        }, ct);
        if (refusal is not null) return refusal;
        return TypedResults.Ok(await MyEnrolments.ViewAsync(db, id, ct));
    }

    /// <summary>Cancels an open enrolment and, if it held a place, gives the place to the next in the queue (under the session's lock).</summary>
    public static async Task CancelAsync(TrainingDbContext db, Enrolment enrolment, CourseSession session, TimeProvider clock, CancellationToken ct)
    {
        var heldPlace = enrolment.Status == EnrolmentStatuses.Booked;
        enrolment.Status = EnrolmentStatuses.Cancelled;
        enrolment.CancelledAt = clock.GetUtcNow();
        if (heldPlace) await Waitlist.FillAsync(db, session, clock, ct);
    }
}

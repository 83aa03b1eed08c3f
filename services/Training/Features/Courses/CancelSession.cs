using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Courses;

/// <summary>
/// Programme staff cancel a session that will not run, saying why. Under the session's lock (docs/decisions/0007)
/// every booking and waitlist place on it becomes cancelled-by-organiser: the places freed go to no one, since there is
/// no session to give them on. Cancelling again changes nothing; a session whose attendance is recorded took place and
/// is not cancelled.
/// </summary>
public static class CancelSession
{
    public sealed record CancelRequest([FreeText(AuditTrail.ReasonMaxLength)] string? Reason);

    public static IEndpointRouteBuilder MapCancelSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/sessions/{id:guid}/cancel", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Sessions")
            .WithName("CancelSession")
            .WithSummary("Cancel a session, with the reason: every booking and waitlist place becomes cancelled-by-organiser and nobody is promoted. Cancelling again changes nothing; 409 once attendance is recorded.");
        return app;
    }

    /// <summary>The refusal for anything asked of a cancelled session.</summary>
    public static ProblemHttpResult Cancelled(CourseSession session) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: $"This session was cancelled on {session.CancelledAt:yyyy-MM-dd}.", detail: "Choose another session of the course.");

    private static async Task<Results<Ok<Sessions.SessionView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, CancelRequest request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Required("reason", request.Reason, AuditTrail.ReasonMaxLength) is { Any: true } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        var outcome = await db.WithSessionLockedAsync(id, async session =>
        {
            if (session is null) return (Results<Ok<Sessions.SessionView>, ValidationProblem, NotFound, ProblemHttpResult>?)TypedResults.NotFound();
            if (session.CancelledAt is not null) return null; // already cancelled: as it was
            var enrolments = await db.Enrolments.Where(e => e.SessionId == id).ToListAsync(ct);
            if (enrolments.Any(e => e.AttendanceMarkedAt is not null))
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Attendance is recorded for this session: it took place.",
                    detail: "Correct attendance instead (POST /api/training/enrolments/{id}/attendance).");
            var now = clock.GetUtcNow();
            (session.CancelledAt, session.CancellationReason, session.CancelledBy) = (now, request.Reason!.Trim(), http.User.SubjectId());
            foreach (var enrolment in enrolments.Where(e => EnrolmentStatuses.Open.Contains(e.Status)))
                (enrolment.Status, enrolment.CancelledAt) = (EnrolmentStatuses.CancelledByOrganiser, now);
            return null;
        }, ct);
        if (outcome is not null) return outcome;
        var saved = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        return TypedResults.Ok((await Sessions.ViewsAsync(db, [saved], ct)).Single());
    }
}

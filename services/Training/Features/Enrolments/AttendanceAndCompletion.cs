using System.Security.Cryptography;
using MhAll.Contracts.Training;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Certificates;
using MhAll.Training.Features.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Enrolments;

/// <summary>
/// Programme staff mark who attended a session, then record completion: completing issues a certificate with an
/// unguessable code and tells the other services (<see cref="CourseCompleted"/>).
/// </summary>
public static class AttendanceAndCompletion
{
    /// <param name="Attended">true: attended; false: did not attend.</param>
    public sealed record Attendance(bool? Attended);

    public static IEndpointRouteBuilder MapAttendanceAndCompletion(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/enrolments/{id:guid}/attendance", MarkAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Enrolments")
            .WithName("MarkAttendance")
            .WithSummary("Mark a booked person as attended or did-not-attend (and correct it, until completion is recorded).");
        app.MapPost("/api/training/enrolments/{id:guid}/completion", CompleteAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Enrolments")
            .WithName("RecordCompletion")
            .WithSummary("Record that an attendee completed the course: issues their certificate (once) and returns it.");
        return app;
    }

    private static async Task<Results<Ok<SessionRoster.Entry>, ValidationProblem, NotFound, ProblemHttpResult>> MarkAsync(Guid id, Attendance request,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Attended is not { } attended)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attended"] = ["This field is required: true or false."] });
        if (await db.Enrolments.SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment) return TypedResults.NotFound();
        if (enrolment.Status is not (EnrolmentStatuses.Booked or EnrolmentStatuses.Attended or EnrolmentStatuses.DidNotAttend))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"This enrolment is {enrolment.Status}: only a booked place can be marked attended or not.");
        enrolment.Status = attended ? EnrolmentStatuses.Attended : EnrolmentStatuses.DidNotAttend;
        enrolment.AttendanceMarkedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var name = await db.Profiles.Where(p => p.Id == enrolment.ProfileId).Select(p => new { p.Name, p.Profession }).SingleOrDefaultAsync(ct);
        return TypedResults.Ok(new SessionRoster.Entry(enrolment.Id, enrolment.ProfileId, name?.Name, name?.Profession, enrolment.UnderServed,
            enrolment.Status, null, enrolment.RequestedAt, enrolment.PlacedAt));
    }

    private static async Task<Results<Ok<CertificateView>, NotFound, ProblemHttpResult>> CompleteAsync(Guid id, TrainingDbContext db,
        IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Enrolments.SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment) return TypedResults.NotFound();
        if (enrolment.Status == EnrolmentStatuses.Completed
            && await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.EnrolmentId == id, ct) is { } issued)
            return TypedResults.Ok(CertificateView.From(issued));
        if (enrolment.Status != EnrolmentStatuses.Attended || enrolment.ProfileId is not { } profileId)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"This enrolment is {enrolment.Status}: mark the person as attended first.");
        var profile = await db.Profiles.AsNoTracking().SingleAsync(p => p.Id == profileId, ct);
        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == enrolment.SessionId, ct);
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == session.CourseId, ct);
        var now = clock.GetUtcNow();
        enrolment.Status = EnrolmentStatuses.Completed;
        enrolment.CompletedAt = now;
        var certificate = new Certificate
        {
            Code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), EnrolmentId = id, ProfileId = profileId, HolderName = profile.Name,
            CourseId = course.Id, CourseTitle = course.Title, CapabilityLevel = course.Level, CompletedOn = clock.Today(), IssuedAt = now,
        };
        db.Certificates.Add(certificate);
        var categories = await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct);
        db.Publish(new CourseCompleted(course.Id, session.Id, course.Tags, course.Level, profileId, categories.ProfessionGroup,
            categories.OrganisationType, categories.IcbCode, categories.UnderServed, now), clock);
        // Two completions at once: the enrolment's unique certificate decides, and the second changes nothing.
        if (await db.SaveOrConflictAsync("Completion was recorded meanwhile.", "GET the person's certificate instead.", ct) is { } conflict)
            return conflict;
        return TypedResults.Ok(CertificateView.From(certificate));
    }
}

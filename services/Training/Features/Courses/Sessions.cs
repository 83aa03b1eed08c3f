using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Enrolments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Courses;

/// <summary>
/// Sessions of a course: programme staff schedule them (times, venue or online link, capacity, priority places);
/// everyone signed in sees how many places are left, and whether it was cancelled (<see cref="CancelSession"/>).
/// Changing a session takes its lock, so a capacity increase or an earlier release fills places from the waitlist, one
/// person per place.
/// </summary>
public static class Sessions
{
    /// <param name="Venue">Where it is held: needed for in-person and blended courses.</param>
    /// <param name="OnlineLink">An https link: needed for online and blended courses.</param>
    /// <param name="PriorityShare">The share of places kept for under-served staff groups, 0 to 1 (the configured default, 0.25, when left out).</param>
    /// <param name="PriorityReleaseAt">When kept places open to everyone; by default some days before the start (configured, 7).</param>
    public sealed record SessionRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, [FreeText(300)] string? Venue,
        [System.ComponentModel.DataAnnotations.MaxLength(500)] string? OnlineLink, int? Capacity, double? PriorityShare, DateTimeOffset? PriorityReleaseAt);

    /// <param name="PlacesLeft">Places still free to take: none once cancelled.</param>
    /// <param name="CancelledAt">When programme staff cancelled it, with <paramref name="CancellationReason"/>; null while it runs.</param>
    public sealed record SessionView(Guid Id, Guid CourseId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Venue, string? OnlineLink,
        int Capacity, int ReservedPlaces, DateTimeOffset PriorityReleaseAt, int PlacesTaken, int PlacesLeft, int Waitlisted, DateTimeOffset? CancelledAt,
        string? CancellationReason);

    public const int MaxCapacity = 1000;

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/courses/{id:guid}/sessions", ListAsync).RequireAuthorization(Policies.Authenticated).WithTags("Sessions")
            .WithName("ListCourseSessions").WithSummary("A course's sessions, soonest first, with places taken and left and the waitlist's length.");
        app.MapPost("/api/training/courses/{id:guid}/sessions", CreateAsync).RequireAuthorization(Policies.Coordinator).WithTags("Sessions")
            .WithName("CreateSession").WithSummary("Schedule a session of a course.");
        app.MapGet("/api/training/sessions/{id:guid}", async Task<Results<Ok<SessionView>, NotFound>> (Guid id, TrainingDbContext db, CancellationToken ct) =>
                await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } session
                    ? TypedResults.Ok((await ViewsAsync(db, [session], ct)).Single()) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Authenticated).WithTags("Sessions").WithName("GetSession").WithSummary("One session, with its places.");
        app.MapPut("/api/training/sessions/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Coordinator).WithTags("Sessions")
            .WithName("UpdateSession")
            .WithSummary("Change a session (capacity not below the places taken); freed or released places go to the waitlist, one person per place. 409 once cancelled.");
        return app;
    }

    public static async Task<List<SessionView>> ViewsAsync(TrainingDbContext db, IReadOnlyList<CourseSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Enrolments.AsNoTracking().Where(e => ids.Contains(e.SessionId))
            .GroupBy(e => e.SessionId)
            .Select(g => new
            {
                SessionId = g.Key,
                Taken = g.Count(e => EnrolmentStatuses.HoldingPlace.Contains(e.Status)),
                Waiting = g.Count(e => e.Status == EnrolmentStatuses.Waitlisted),
            })
            .ToDictionaryAsync(x => x.SessionId, ct);
        return sessions.Select(s =>
        {
            var (taken, waiting) = counts.TryGetValue(s.Id, out var c) ? (c.Taken, c.Waiting) : (0, 0);
            return new SessionView(s.Id, s.CourseId, s.StartsAt, s.EndsAt, s.Venue, s.OnlineLink, s.Capacity, s.ReservedPlaces, s.PriorityReleaseAt,
                taken, s.CancelledAt is null ? Math.Max(0, s.Capacity - taken) : 0, waiting, s.CancelledAt, s.CancellationReason);
        }).ToList();
    }

    private static async Task<Results<Ok<Paged<SessionView>>, ValidationProblem, NotFound>> ListAsync(Guid id, [AsParameters] PageQuery page,
        TrainingDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!await db.Courses.AnyAsync(c => c.Id == id, ct)) return TypedResults.NotFound();
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToPageAsync(page, ct);
        var views = await ViewsAsync(db, sessions.Items, ct);
        return TypedResults.Ok(new Paged<SessionView>(views, sessions.Page, sessions.PageSize, sessions.Total));
    }

    private static ValidationErrors Validate(SessionRequest request, Course course)
    {
        var errors = new ValidationErrors().MaxLength("venue", request.Venue, 300);
        if (request.StartsAt is null) errors.Add("startsAt", "This field is required.");
        if (request.EndsAt is null) errors.Add("endsAt", "This field is required.");
        if (request is { StartsAt: { } start, EndsAt: { } end })
        {
            if (end <= start) errors.Add("endsAt", "After the start.");
            else if (end - start > TimeSpan.FromDays(366)) errors.Add("endsAt", "Within a year of the start.");
        }
        if (request.StartsAt is { Year: < 2000 or > 2100 }) errors.Add("startsAt", "A time between 2000 and 2100.");
        if (request.Capacity is not (> 0 and <= MaxCapacity)) errors.Add("capacity", $"How many places: 1 to {MaxCapacity}.");
        if (request.PriorityShare is { } share && (double.IsNaN(share) || share is < 0 or > 1)) errors.Add("priorityShare", "A share from 0 to 1.");
        if (request is { PriorityReleaseAt: { } release, StartsAt: { } starts } && release > starts) errors.Add("priorityReleaseAt", "Not after the start.");
        if (course.Format is "in-person" or "blended" && string.IsNullOrWhiteSpace(request.Venue)) errors.Add("venue", $"A {course.Format} course needs a venue.");
        if (course.Format is "online" or "blended" && string.IsNullOrWhiteSpace(request.OnlineLink))
            errors.Add("onlineLink", $"An {course.Format} course needs an online link.");
        if (!string.IsNullOrWhiteSpace(request.OnlineLink) && !(Uri.TryCreate(request.OnlineLink, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            errors.Add("onlineLink", "An https link, like https://meet.example.org/session.");
        return errors;
    }

    private static void Apply(SessionRequest request, CourseSession session, PriorityPlacesOptions defaults)
    {
        session.StartsAt = request.StartsAt!.Value;
        session.EndsAt = request.EndsAt!.Value;
        session.Venue = string.IsNullOrWhiteSpace(request.Venue) ? null : request.Venue.Trim();
        session.OnlineLink = string.IsNullOrWhiteSpace(request.OnlineLink) ? null : request.OnlineLink.Trim();
        session.Capacity = request.Capacity!.Value;
        session.ReservedPlaces = PriorityPlacesOptions.ReservedOf(session.Capacity, request.PriorityShare ?? defaults.Share);
        session.PriorityReleaseAt = request.PriorityReleaseAt ?? session.StartsAt.AddDays(-defaults.ReleaseDaysBeforeStart);
    }

    private static async Task<Results<Created<SessionView>, ValidationProblem, NotFound>> CreateAsync(Guid id, SessionRequest request,
        TrainingDbContext db, IOptions<PriorityPlacesOptions> defaults, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } course) return TypedResults.NotFound();
        if (Validate(request, course) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var session = new CourseSession { Id = Guid.CreateVersion7(), CourseId = id, CreatedAt = clock.GetUtcNow() };
        Apply(request, session, defaults.Value);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/sessions/{session.Id}", (await ViewsAsync(db, [session], ct)).Single());
    }

    private static async Task<Results<Ok<SessionView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(Guid id, SessionRequest request, TrainingDbContext db,
        IOptions<PriorityPlacesOptions> defaults, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await db.WithSessionLockedAsync(id, async session =>
        {
            if (session is null) return (Results<Ok<SessionView>, ValidationProblem, NotFound, ProblemHttpResult>?)TypedResults.NotFound();
            if (session.CancelledAt is not null) return CancelSession.Cancelled(session);
            var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == session.CourseId, ct);
            var errors = Validate(request, course);
            var taken = (await db.CountPlacesAsync(session, ct)).Taken;
            if (request.Capacity < taken) errors.Add("capacity", $"{taken} places are taken: cancel bookings before reducing the capacity below that.");
            if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
            Apply(request, session, defaults.Value);
            await Waitlist.FillAsync(db, session, clock, ct);
            return null;
        }, ct);
        if (outcome is not null) return outcome;
        var saved = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        return TypedResults.Ok((await ViewsAsync(db, [saved], ct)).Single());
    }
}

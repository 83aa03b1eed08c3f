using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Enrolments;

/// <summary>A member of staff's own enrolments, with their place on each waitlist.</summary>
public static class MyEnrolments
{
    public static IEndpointRouteBuilder MapMyEnrolments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/enrolments/me", async Task<Results<Ok<List<EnrolmentView>>, NotFound>> (HttpContext http, TrainingDbContext db,
                CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } profile
                    ? TypedResults.Ok(await ListAsync(db, db.Enrolments.Where(e => e.ProfileId == profile.Id), ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Enrolments")
            .WithName("GetMyEnrolments")
            .WithSummary("Your enrolments, soonest session first: booked, waitlisted (with your position, 1 = next), attended, completed, cancelled or cancelled-by-organiser (the session was cancelled).");
        return app;
    }

    public static async Task<List<EnrolmentView>> ListAsync(TrainingDbContext db, IQueryable<Enrolment> enrolments, CancellationToken ct)
    {
        var rows = await enrolments.AsNoTracking()
            .Join(db.Sessions, e => e.SessionId, s => s.Id, (e, s) => new { e, s })
            .Join(db.Courses, x => x.s.CourseId, c => c.Id, (x, c) => new { x.e, x.s, c })
            .OrderBy(x => x.s.StartsAt).ThenBy(x => x.e.Sequence).ToListAsync(ct);
        var positions = await Waitlist.PositionsAsync(db, rows.Select(r => r.s.Id).Distinct().ToList(), ct);
        var ids = rows.Select(r => r.e.Id).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.EnrolmentId)).ToDictionaryAsync(c => c.EnrolmentId, c => c.Code, ct);
        return rows.Select(r => EnrolmentView.From(r.e, r.s, r.c, positions.GetValueOrDefault(r.e.Id), certificates.GetValueOrDefault(r.e.Id))).ToList();
    }

    public static async Task<EnrolmentView> ViewAsync(TrainingDbContext db, Guid enrolmentId, CancellationToken ct) =>
        (await ListAsync(db, db.Enrolments.Where(e => e.Id == enrolmentId), ct)).Single();
}

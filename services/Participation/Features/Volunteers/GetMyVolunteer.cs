using MhAll.Messaging.Audit;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>A volunteer reads their own record; there is no way to name anyone else's.</summary>
public static class GetMyVolunteer
{
    public static RouteGroupBuilder MapGetMyVolunteer(this RouteGroupBuilder group)
    {
        group.MapGet("/me", HandleAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("GetMyVolunteer")
            .WithSummary("The signed-in volunteer's own record.");
        group.MapGet("/{id:guid}", GetForStaffAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetVolunteer")
            .WithSummary("A volunteer's record, for programme staff (e.g. after an assisted sign-up); each read is in the audit trail.");
        return group;
    }

    private static async Task<Results<Ok<VolunteerView>, NotFound>> GetForStaffAsync(Guid id, HttpContext http, ParticipationDbContext db, Areas areas,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id && v.ErasedAt == null, ct) is not { } volunteer)
            return TypedResults.NotFound();
        db.Audit(http, clock, AuditActions.VolunteerRecordRead, AuditSubjects.Volunteer, volunteer.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(VolunteerView.From(volunteer, areas, clock.Today()));
    }

    private static async Task<Results<Ok<VolunteerView>, NotFound>> HandleAsync(HttpContext http, ParticipationDbContext db, Areas areas,
        TimeProvider clock, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().MineAsync(http.User, ct);
        return volunteer is null ? TypedResults.NotFound() : TypedResults.Ok(VolunteerView.From(volunteer, areas, clock.Today()));
    }
}

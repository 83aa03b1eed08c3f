using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Profiles;

/// <summary>A member of staff reads their own profile; programme staff read anyone's, in the audit trail.</summary>
public static class GetProfile
{
    public static RouteGroupBuilder MapGetProfile(this RouteGroupBuilder group)
    {
        group.MapGet("/me", async Task<Results<Ok<ProfileView>, NotFound>> (HttpContext http, TrainingDbContext db, IOptions<UnderServedOptions> underServed,
                CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } profile
                    ? TypedResults.Ok(await ProfileView.OfAsync(db, profile, underServed.Value, ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("GetMyStaffProfile")
            .WithSummary("Your own staff profile (404 until you create it).");
        group.MapGet("/{id:guid}", async Task<Results<Ok<ProfileView>, NotFound>> (Guid id, HttpContext http, TrainingDbContext db,
                IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct) =>
            {
                if (await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is not { } profile) return TypedResults.NotFound();
                db.Audit(http, clock, AuditActions.StaffRecordRead, AuditSubjects.StaffProfile, profile.Id.ToString());
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(await ProfileView.OfAsync(db, profile, underServed.Value, ct));
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetStaffProfile")
            .WithSummary("A member of staff's profile, for programme staff; each read is in the audit trail.");
        return group;
    }
}

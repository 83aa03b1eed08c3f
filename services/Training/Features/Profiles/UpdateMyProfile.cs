using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Profiles;

/// <summary>A member of staff corrects their own profile; the other services hear of changed categories only.</summary>
public static class UpdateMyProfile
{
    public static RouteGroupBuilder MapUpdateMyProfile(this RouteGroupBuilder group)
    {
        group.MapPut("/me", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("UpdateMyStaffProfile")
            .WithSummary("Correct your profile (the same fields as creating it; your capability level changes through POST /profiles/me/capability).");
        return group;
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, NotFound>> HandleAsync(ProfileDetails request, HttpContext http,
        TrainingDbContext db, IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        if (await request.ValidateAsync(db, ct) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Profiles.MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        var before = await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct);
        request.ApplyTo(profile);
        profile.ChangedAt = clock.GetUtcNow();
        db.PublishIfChanged(profile, before, await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ProfileView.OfAsync(db, profile, underServed.Value, ct));
    }
}

using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Profiles;

/// <summary>A member of staff creates their own profile, once.</summary>
public static class CreateProfile
{
    public static RouteGroupBuilder MapCreateProfile(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("CreateStaffProfile")
            .WithSummary("Create your staff profile: profession, organisation, interests, optionally a first capability self-assessment and equality monitoring.");
        return group;
    }

    private static async Task<Results<Created<ProfileView>, ValidationProblem, ProblemHttpResult>> HandleAsync(NewProfile request, HttpContext http,
        TrainingDbContext db, IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var errors = await request.ValidateAsync(db, ct);
        errors.OneOf("capabilityLevel", request.CapabilityLevel, CapabilityLevels.All);
        if (request.CapabilityAssessedOn is not null && request.CapabilityLevel is null)
            errors.Add("capabilityLevel", "Give the level you assessed yourself at, or leave out the date.");
        AssessCapability.CheckDate(errors, "capabilityAssessedOn", request.CapabilityAssessedOn, today);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var subject = http.User.SubjectId();
        if (await db.Profiles.AnyAsync(p => p.SubjectId == subject, ct)) return AlreadyThere();
        var now = clock.GetUtcNow();
        var profile = new StaffProfile
        {
            Id = Guid.CreateVersion7(now), SubjectId = subject, RegisteredAt = now, ChangedAt = now, Name = "", Profession = "", ProfessionGroup = "",
        };
        request.ApplyTo(profile);
        db.Profiles.Add(profile);
        if (request.CapabilityLevel is { } level)
            AssessCapability.Record(db, profile, level, request.CapabilityAssessedOn ?? today, now);
        db.PublishRegistered(profile, await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct), clock);
        // Two creations may race past the check above; the unique index on the sign-in decides.
        if (await db.SaveOrConflictAsync("You already have a profile.", "Use GET /api/training/profiles/me to see it.", ct) is not null)
            return AlreadyThere();
        return TypedResults.Created("/api/training/profiles/me", await ProfileView.OfAsync(db, profile, underServed.Value, ct));
    }

    private static ProblemHttpResult AlreadyThere() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "You already have a profile.", detail: "Use GET /api/training/profiles/me to see it, PUT to correct it.");
}

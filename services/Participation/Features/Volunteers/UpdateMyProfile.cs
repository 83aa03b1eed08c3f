using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>A volunteer corrects their own details; the other services hear of changed categories only.</summary>
public static class UpdateMyProfile
{
    public static RouteGroupBuilder MapUpdateMyProfile(this RouteGroupBuilder group)
    {
        group.MapPut("/me", HandleAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("UpdateMyProfile")
            .WithSummary("Replace your details and contact preferences (the same fields as joining, without consent). Your area follows your postcode.");
        return group;
    }

    private static async Task<Results<Ok<VolunteerView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(
        VolunteerDetails request, HttpContext http, ParticipationDbContext db, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (request.Validate(now.Year) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer)
            return TypedResults.NotFound();
        var email = request.Email!.Trim().ToLowerInvariant();
        if (email != volunteer.Email && await db.Volunteers.AnyAsync(v => v.Email == email, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This email address is already registered.");

        var before = (volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex, volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile);
        request.ApplyTo(volunteer);
        // The age band stays the one of joining unless the year of birth itself was corrected.
        volunteer.AgeBand = AgeBands.Of(volunteer.YearOfBirth!.Value, volunteer.RegisteredAt.Year);
        await db.PlaceAsync(volunteer, request.Postcode, ct);

        if (before != (volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex, volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile))
            db.Publish(new VolunteerDemographicsChanged(volunteer.Id, now, volunteer.AgeBand!, volunteer.EthnicGroup, volunteer.Sex,
                volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile), clock);
        if (await db.SaveOrConflictAsync("This email address is already registered.", null, ct) is { } conflict) return conflict;
        return TypedResults.Ok(VolunteerView.From(volunteer, areas, clock.Today()));
    }
}

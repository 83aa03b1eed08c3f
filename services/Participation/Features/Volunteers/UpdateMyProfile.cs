using MhAll.Contracts.Participation;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>A volunteer corrects their own details; the other services hear of changed categories only.</summary>
public static class UpdateMyProfile
{
    public sealed record Request(string? FirstName, string? LastName, string? Email, int? YearOfBirth, string? EthnicGroup, string? Sex,
        string? Postcode);

    public static RouteGroupBuilder MapUpdateMyProfile(this RouteGroupBuilder group)
    {
        group.MapPut("/me", HandleAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("UpdateMyProfile")
            .WithSummary("Replace your details (the same fields as joining, without consent). Your area follows your postcode.");
        return group;
    }

    private static async Task<Results<Ok<RegisterVolunteer.Response>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(
        Request request, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var asJoining = new RegisterVolunteer.Request(request.FirstName, request.LastName, request.Email, request.YearOfBirth, request.EthnicGroup,
            request.Sex, request.Postcode);
        if (RegisterVolunteer.Validate(asJoining, now.Year) is { } errors) return TypedResults.ValidationProblem(errors);

        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer)
            return TypedResults.NotFound();
        var email = request.Email!.Trim().ToLowerInvariant();
        if (email != volunteer.Email && await db.Volunteers.AnyAsync(v => v.Email == email, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This email address is already registered.");

        var before = (volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex, volunteer.LocalAuthorityCode, volunteer.ImdDecile);
        volunteer.FirstName = request.FirstName!.Trim();
        volunteer.LastName = request.LastName!.Trim();
        volunteer.Email = email;
        volunteer.YearOfBirth = request.YearOfBirth!.Value;
        // The age band stays the one of joining unless the year of birth itself was corrected.
        volunteer.AgeBand = AgeBands.Of(request.YearOfBirth!.Value, volunteer.RegisteredAt.Year);
        volunteer.EthnicGroup = request.EthnicGroup;
        volunteer.Sex = request.Sex;
        await db.PlaceAsync(volunteer, request.Postcode, ct);

        if (before != (volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex, volunteer.LocalAuthorityCode, volunteer.ImdDecile))
            db.Publish(new VolunteerDemographicsChanged(volunteer.Id, now, volunteer.AgeBand!, volunteer.EthnicGroup, volunteer.Sex,
                volunteer.LocalAuthorityCode, volunteer.ImdDecile), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This email address is already registered.");
        }
        return TypedResults.Ok(RegisterVolunteer.Response.From(volunteer));
    }
}

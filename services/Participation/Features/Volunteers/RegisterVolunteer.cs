using MhAll.Contracts.Participation;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>Self sign-up: a signed-in volunteer joins the research register.</summary>
public static class RegisterVolunteer
{
    /// <param name="ConsentVersion">The version of the consent-to-contact text the volunteer agreed to (GET /api/participation/consent).</param>
    public sealed record Request(string? FirstName, string? LastName, string? Email, int? YearOfBirth, string? EthnicGroup, string? Sex = null,
        string? Postcode = null, int? ConsentVersion = null);

    /// <summary>Assisted sign-up: staff enter the details and say how the person gave consent.</summary>
    /// <param name="ConsentMethod">phone or paper.</param>
    public sealed record AssistedRequest(string? FirstName, string? LastName, string? Email, int? YearOfBirth, string? EthnicGroup, string? Sex,
        string? Postcode, int? ConsentVersion, string? ConsentMethod)
    {
        public Request AsRequest() => new(FirstName, LastName, Email, YearOfBirth, EthnicGroup, Sex, Postcode, ConsentVersion);
    }

    public static readonly string[] AssistedConsentMethods = ["phone", "paper"];

    /// <summary>Where the volunteer's postcode lies; the LSOA is approximate (nearest centroid).</summary>
    public sealed record Area(string Lsoa11Code, string LocalAuthorityCode, int ImdDecile, bool Approximate = true);

    public sealed record Response(Guid Id, string FirstName, string LastName, string Email, int YearOfBirth, string? EthnicGroup, string? Sex,
        string? Postcode, Area? Area, string? Notice, DateTimeOffset RegisteredAt, DateTimeOffset? WithdrawnAt)
    {
        /// <summary>For a volunteer who is not erased (erased rows are never returned).</summary>
        public static Response From(Volunteer v) => new(v.Id, v.FirstName!, v.LastName!, v.Email!, v.YearOfBirth!.Value, v.EthnicGroup, v.Sex, v.Postcode,
            v.LocalAuthorityCode is { } la && v.Lsoa11Code is { } lsoa ? new Area(lsoa, la, v.ImdDecile!.Value) : null,
            v.Postcode is not null && v.LocalAuthorityCode is null ? OutOfArea : null, v.RegisteredAt, v.WithdrawnAt);
    }

    public const string OutOfArea = "We could not place this postcode in East London or Essex. You are registered all the same; "
        + "studies that recruit by area may not find you.";

    public static readonly string[] Sexes = ["female", "male"];

    public static RouteGroupBuilder MapRegisterVolunteer(this RouteGroupBuilder group)
    {
        group.MapPost("/", (Request request, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct) =>
                RegisterAsync(request, http.User.SubjectId(), ConsentDecisions.Online, null, http, db, clock, ct))
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("RegisterVolunteer")
            .WithSummary("Join the research register (self sign-up). The volunteer is the signed-in person.");
        group.MapPost("/assisted", (AssistedRequest request, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct) =>
                RegisterAsync(request.AsRequest(), null, request.ConsentMethod, AssistedConsentMethods, http, db, clock, ct))
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RegisterVolunteerAssisted")
            .WithSummary("Assisted sign-up: programme staff register someone met in outreach, recording how they consented (phone or paper).");
        return group;
    }

    public static Dictionary<string, string[]>? Validate(Request request, int currentYear)
    {
        var errors = new ValidationErrors()
            .Required("firstName", request.FirstName, 100)
            .Required("lastName", request.LastName, 100)
            .Email("email", request.Email?.Trim());
        if (request.YearOfBirth is not { } year) errors.Add("yearOfBirth", "This field is required.");
        else if (year < 1900 || year > currentYear) errors.Add("yearOfBirth", $"Enter a year between 1900 and {currentYear}.");
        else if (currentYear - year < AgeBands.AdultAge) errors.Add("yearOfBirth", "The register is for adults: you must be 18 or over to join.");
        if (request.EthnicGroup is { } group && !EthnicGroups.IsValid(group))
            errors.Add("ethnicGroup", "Choose one of the Census 2021 categories, or prefer-not-to-say.");
        if (request.Sex is { } sex && !Sexes.Contains(sex))
            errors.Add("sex", "Choose female or male, or leave it out.");
        if (!string.IsNullOrWhiteSpace(request.Postcode) && Postcodes.Normalise(request.Postcode) is null)
            errors.Add("postcode", "Enter a UK postcode, like E14 5AB.");
        return errors.Any ? errors.ToDictionary() : null;
    }

    /// <param name="subject">The volunteer's own sign-in, or null when staff register them.</param>
    /// <param name="allowedMethods">Consent methods staff may record; null for self sign-up (always online).</param>
    private static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> RegisterAsync(Request request, string? subject,
        string? consentMethod, string[]? allowedMethods, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var currentConsent = await db.ConsentTexts.MaxAsync(t => t.Version, ct);
        var errors = Validate(request, now.Year) ?? [];
        if (request.ConsentVersion != currentConsent)
            errors["consentVersion"] = [$"Read and agree to the current consent text (version {currentConsent}) to join: GET /api/participation/consent."];
        if (allowedMethods is not null && (consentMethod is null || !allowedMethods.Contains(consentMethod)))
            errors["consentMethod"] = [$"Say how the person consented: {string.Join(" or ", allowedMethods)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var email = request.Email!.Trim().ToLowerInvariant();
        if (subject is not null && await db.Volunteers.AnyAsync(v => v.SubjectId == subject, ct))
            return Conflict("You are already registered.", "Use GET /api/participation/volunteers/me to see your record.");
        if (await db.Volunteers.AnyAsync(v => v.Email == email, ct))
            return Conflict("This email address is already registered.", "Sign in with the account that registered it, or use another address.");

        var volunteer = new Volunteer
        {
            Id = Guid.CreateVersion7(),
            SubjectId = subject,
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            Email = email,
            YearOfBirth = request.YearOfBirth!.Value,
            AgeBand = AgeBands.Of(request.YearOfBirth!.Value, now.Year),
            EthnicGroup = request.EthnicGroup,
            Sex = request.Sex,
            RegisteredAt = now,
        };
        await db.PlaceAsync(volunteer, request.Postcode, ct);
        db.Volunteers.Add(volunteer);
        db.ConsentRecords.Add(new ConsentRecord
        {
            VolunteerId = volunteer.Id, Version = currentConsent, Decision = ConsentDecisions.Given, Method = consentMethod!,
            RecordedBy = http.User.SubjectId(), At = now,
        });
        db.Publish(new VolunteerRegistered(volunteer.Id, now, volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex,
            volunteer.LocalAuthorityCode, volunteer.ImdDecile), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two sign-ups raced past the checks above; the unique indexes decide.
            return Conflict("This person or email address is already registered.", null);
        }
        return TypedResults.Created(subject is null ? $"/api/participation/volunteers/{volunteer.Id}" : "/api/participation/volunteers/me",
            Response.From(volunteer));
    }

    private static ProblemHttpResult Conflict(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>Self sign-up: a signed-in volunteer joins the research register.</summary>
public static class RegisterVolunteer
{
    /// <summary>Self sign-up: the details, and the version of the consent-to-contact text agreed to (GET /api/participation/consent).</summary>
    public sealed record Request : VolunteerDetails
    {
        public int? ConsentVersion { get; init; }
    }

    /// <summary>Assisted sign-up: staff enter the details and say how the person gave consent (phone or paper).</summary>
    public sealed record AssistedRequest : VolunteerDetails
    {
        public int? ConsentVersion { get; init; }
        public string? ConsentMethod { get; init; }
    }

    public static readonly string[] AssistedConsentMethods = ["phone", "paper"];

    public static RouteGroupBuilder MapRegisterVolunteer(this RouteGroupBuilder group)
    {
        group.MapPost("/", (Request request, HttpContext http, ParticipationDbContext db, Areas areas, TimeProvider clock, CancellationToken ct) =>
                RegisterAsync(request, request.ConsentVersion, http.User.SubjectId(), ConsentDecisions.Online, null, http, db, areas, clock, ct))
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("RegisterVolunteer")
            .WithSummary("Join the research register (self sign-up). The volunteer is the signed-in person.");
        group.MapPost("/assisted", (AssistedRequest request, HttpContext http, ParticipationDbContext db, Areas areas, TimeProvider clock,
                CancellationToken ct) =>
                RegisterAsync(request, request.ConsentVersion, null, request.ConsentMethod, AssistedConsentMethods, http, db, areas, clock, ct))
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RegisterVolunteerAssisted")
            .WithSummary("Assisted sign-up: programme staff register someone met in outreach, recording how they consented (phone or paper).");
        return group;
    }

    /// <param name="subject">The volunteer's own sign-in, or null when staff register them.</param>
    /// <param name="allowedMethods">Consent methods staff may record; null for self sign-up (always online).</param>
    private static async Task<Results<Created<VolunteerView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(VolunteerDetails request,
        int? consentVersion, string? subject, string? consentMethod, string[]? allowedMethods, HttpContext http, ParticipationDbContext db,
        Areas areas, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var currentConsent = await db.ConsentTexts.MaxAsync(t => t.Version, ct);
        var errors = request.Validate(now.Year);
        if (consentVersion != currentConsent)
            errors.Add("consentVersion", $"Read and agree to the current consent text (version {currentConsent}) to join: GET /api/participation/consent.");
        if (allowedMethods is not null && (consentMethod is null || !allowedMethods.Contains(consentMethod)))
            errors.Add("consentMethod", $"Say how the person consented: {string.Join(" or ", allowedMethods)}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var email = request.Email!.Trim().ToLowerInvariant();
        if (subject is not null && await db.Volunteers.AnyAsync(v => v.SubjectId == subject, ct))
            return Conflict("You are already registered.", "Use GET /api/participation/volunteers/me to see your record.");
        if (await db.Volunteers.AnyAsync(v => v.Email == email, ct))
            return Conflict("This email address is already registered.", "Sign in with the account that registered it, or use another address.");

        var volunteer = new Volunteer { Id = Guid.CreateVersion7(), SubjectId = subject, RegisteredAt = now, MatchKey = Random.Shared.Next() };
        request.ApplyTo(volunteer);
        volunteer.AgeBand = AgeBands.Of(volunteer.YearOfBirth!.Value, now.Year);
        await db.PlaceAsync(volunteer, request.Postcode, ct);
        db.Volunteers.Add(volunteer);
        db.ConsentRecords.Add(new ConsentRecord
        {
            VolunteerId = volunteer.Id, Version = currentConsent, Decision = ConsentDecisions.Given, Method = consentMethod!,
            RecordedBy = http.User.SubjectId(), At = now,
        });
        db.Publish(new VolunteerRegistered(volunteer.Id, now, volunteer.AgeBand, volunteer.EthnicGroup, volunteer.Sex,
            volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile), clock);
        // Two sign-ups may race past the checks above; the unique indexes decide.
        if (await db.SaveOrConflictAsync("This person or email address is already registered.", null, ct) is { } conflict) return conflict;
        return TypedResults.Created(subject is null ? $"/api/participation/volunteers/{volunteer.Id}" : "/api/participation/volunteers/me",
            VolunteerView.From(volunteer, areas, clock.Today()));
    }

    private static ProblemHttpResult Conflict(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

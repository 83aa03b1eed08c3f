using System.Security.Cryptography;
using System.Text;
using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>
/// Someone signed up by programme staff has no sign-in. Staff issue them a one-time code (read out or posted); once
/// they have a sign-in, they redeem it and the record becomes theirs, with every right a self sign-up has.
/// </summary>
public static class LinkSignIn
{
    /// <param name="Code">Shown once: only its hash is kept.</param>
    public sealed record IssuedCode(string Code, DateTimeOffset ExpiresAt);

    public sealed record Redemption(string? Code);

    /// <summary>No 0/O or 1/I: 32 characters, so 12 of them are 60 random bits.</summary>
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 12;
    private const int Group = 4;

    public static RouteGroupBuilder MapLinkSignIn(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/link-code", IssueAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("IssueLinkCode")
            .WithSummary("Programme staff issue a one-time code that links a record signed up without a sign-in to the person's sign-in; shown once, replaces any earlier code, with the reason in the audit trail.");
        group.MapPost("/me/link", RedeemAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("LinkMySignIn")
            .WithSummary("Redeem the code programme staff gave you: the record they signed you up with becomes yours.");
        return group;
    }

    private static async Task<Results<Ok<IssuedCode>, NotFound, ValidationProblem, ProblemHttpResult>> IssueAsync(Guid id,
        LeaveTheRegister.OnBehalf request, ParticipationDbContext db, HttpContext http, IOptions<LinkCodeOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("reason", request.Reason, LeaveTheRegister.ReasonMaxLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Volunteers.OnRegisterAsync(id, ct) is not { } volunteer) return TypedResults.NotFound();
        if (volunteer.SubjectId is not null)
            return Conflict("This record already has a sign-in.", "The volunteer signs in to reach it; no code is needed.");
        if (volunteer.WithdrawnAt is not null)
            return Conflict("This volunteer has left the register.", "A withdrawn record cannot be linked to a sign-in.");
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        volunteer.LinkCodeHash = Hash(code);
        volunteer.LinkCodeExpiresAt = clock.GetUtcNow().AddDays(options.Value.LifetimeDays);
        db.Audit(http, clock, AuditActions.LinkCodeIssued, AuditSubjects.Volunteer, volunteer.Id.ToString(), request.Reason!.Trim());
        await db.SaveChangesAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new IssuedCode(string.Join('-', code.Chunk(Group).Select(c => new string(c))), volunteer.LinkCodeExpiresAt.Value));
    }

    private static async Task<Results<Ok<VolunteerView>, ValidationProblem, ProblemHttpResult>> RedeemAsync(Redemption request,
        ParticipationDbContext db, HttpContext http, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("code", request.Code, 40);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var subject = http.User.SubjectId();
        if (await db.Volunteers.AnyAsync(v => v.SubjectId == subject, ct))
            return Conflict("You already have a record on the register.", "Use GET /api/participation/volunteers/me to see it.");
        var hash = Hash(Normalise(request.Code!));
        var now = clock.GetUtcNow();
        // Wrong, expired and used codes (a use clears it, as withdrawal does) are answered alike: nothing tells them apart.
        if (await db.Volunteers.SingleOrDefaultAsync(v => v.LinkCodeHash == hash && v.ErasedAt == null, ct) is not { } volunteer
            || volunteer.LinkCodeExpiresAt <= now || volunteer.WithdrawnAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This code does not link to a record.",
                detail: "Check it with the programme team: a code is used once and expires; they can issue a new one.");
        if (volunteer.SubjectId is not null)
            return Conflict("This record already has a sign-in.", "Sign in with the account that linked it.");
        (volunteer.SubjectId, volunteer.LinkCodeHash, volunteer.LinkCodeExpiresAt) = (subject, null, null);
        // Two redemptions racing: the row's version lets one save (the other is a 409); a sign-in is on one record only.
        if (await db.SaveOrConflictAsync("You already have a record on the register.", null, ct) is { } conflict) return conflict;
        return TypedResults.Ok(VolunteerView.From(volunteer, areas, clock.Today()));
    }

    /// <summary>As read over the phone: any case, with or without the dashes and spaces.</summary>
    private static string Normalise(string code) =>
        new([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);

    /// <summary>A code holds 60 random bits: a plain SHA-256 is enough to keep it from being read back.</summary>
    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

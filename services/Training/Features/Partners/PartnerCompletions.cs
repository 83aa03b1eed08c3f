using System.Security.Cryptography;
using System.Text.Json;
using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MhAll.Training.Features.Partners;

/// <summary>
/// Partner ICS systems push the courses staff completed in their own learning systems. The person is named by their
/// MH-ALL profile id, never an email: the partner learns nothing about who has a profile, and Training receives no
/// contact details. Each push carries an Idempotency-Key, kept per partner client (its token's sub): a retry with the
/// same key and body has one effect and the same answer; the same key with another body is refused (422).
/// </summary>
public static class PartnerCompletions
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    /// <param name="ProfileId">The member of staff's MH-ALL profile id (they give it to their employer).</param>
    /// <param name="CourseCode">The course's code in the partner's learning system.</param>
    /// <param name="PartnerRecordId">The partner's own id for this completion record: one record per partner and id.</param>
    public sealed record ExternalCompletionRecord(Guid? ProfileId, [property: System.ComponentModel.DataAnnotations.MaxLength(50)] string? CourseCode,
        string? CourseTitle, DateOnly? CompletedOn, [property: System.ComponentModel.DataAnnotations.MaxLength(100)] string? PartnerRecordId);

    public sealed record CompletionView(Guid Id, Guid ProfileId, string CourseCode, string CourseTitle, DateOnly CompletedOn, string PartnerRecordId,
        DateTimeOffset RecordedAt)
    {
        public static CompletionView From(ExternalCompletion c) => new(c.Id, c.ProfileId, c.CourseCode, c.CourseTitle, c.CompletedOn, c.PartnerRecordId, c.RecordedAt);
    }

    public static IEndpointRouteBuilder MapPartnerCompletions(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/api/training/partner/v1/completions").WithTags("Partner API");
        partner.MapPost("/", PushAsync)
            .RequireAuthorization(Policies.Partner)
            .RequireScope(PartnerScopes.TrainingRecordsWrite)
            .WithName("PushExternalCompletion")
            .WithSummary("Record a course completed in the partner's own learning system. Idempotency-Key header required: a retry with the same key and body returns the same record; the same key with another body is 422.");
        partner.MapGet("/{id:guid}", async Task<Results<Ok<CompletionView>, NotFound>> (Guid id, HttpContext http, TrainingDbContext db, CancellationToken ct) =>
            {
                var client = http.User.SubjectId();
                return await db.ExternalCompletions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.PartnerClientId == client, ct) is { } found
                    ? TypedResults.Ok(CompletionView.From(found)) : TypedResults.NotFound();
            })
            .RequireAuthorization(Policies.Partner)
            .RequireScope(PartnerScopes.TrainingRecordsWrite)
            .WithName("GetExternalCompletion")
            .WithSummary("A completion this partner pushed (404 for another partner's).");
        return app;
    }

    private static async Task<Results<Created<CompletionView>, ValidationProblem, ProblemHttpResult>> PushAsync(ExternalCompletionRecord request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http, TrainingDbContext db, IOptions<UnderServedOptions> underServed,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Required("courseCode", request.CourseCode, 50)
            .Required("courseTitle", request.CourseTitle, 200)
            .Required("partnerRecordId", request.PartnerRecordId, 100);
        if (request.ProfileId is null) errors.Add("profileId", "This field is required: the member of staff's MH-ALL profile id.");
        if (request.CompletedOn is null) errors.Add("completedOn", "This field is required.");
        else AssessCapability.CheckDate(errors, "completedOn", request.CompletedOn, clock.Today());
        if (string.IsNullOrEmpty(idempotencyKey)) errors.Add(IdempotencyHeader, "This header is required: a unique key for this push, the same on every retry.");
        else if (idempotencyKey.Length > MaxKeyLength || idempotencyKey.Any(c => c is < '!' or > '~'))
            errors.Add(IdempotencyHeader, $"At most {MaxKeyLength} printable ASCII characters, without spaces.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var client = http.User.SubjectId();
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
        if (await ReplayAsync(db, client, idempotencyKey!, hash, ct) is { } earlier) return earlier;
        if (await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProfileId, ct) is not { } profile)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["profileId"] = ["No MH-ALL staff profile has this id."] });

        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds: the first answer must equal the replayed one
        var completion = new ExternalCompletion
        {
            Id = Guid.CreateVersion7(now), PartnerClientId = client, PartnerRecordId = request.PartnerRecordId!.Trim(), ProfileId = profile.Id,
            CourseCode = request.CourseCode!.Trim(), CourseTitle = request.CourseTitle!.Trim(), CompletedOn = request.CompletedOn!.Value, RecordedAt = now,
        };
        db.ExternalCompletions.Add(completion);
        db.PartnerIdempotencyKeys.Add(new PartnerIdempotencyKey
        {
            PartnerClientId = client, Key = idempotencyKey!, RequestHash = hash, CompletionId = completion.Id, CreatedAt = now,
        });
        var categories = await ProfileEvents.CategoriesOfAsync(db, profile, underServed.Value, ct);
        db.Publish(new ExternalTrainingRecorded(completion.Id, profile.Id, completion.CourseCode, completion.CourseTitle, completion.CompletedOn,
            categories.ProfessionGroup, categories.OrganisationType, categories.IcbCode, categories.UnderServed, now), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent push with the same key committed first (the database made this one wait for it): answer as it did.
            db.ChangeTracker.Clear();
            return await ReplayAsync(db, client, idempotencyKey!, hash, ct)
                ?? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This partner record id was already recorded.",
                    detail: $"Record {completion.PartnerRecordId} came with another {IdempotencyHeader}; GET it rather than pushing it again.");
        }
        return Created(completion);
    }

    /// <summary>What an earlier push with this key answered, or the refusal of a different body; null when the key is new.</summary>
    private static async Task<Results<Created<CompletionView>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(TrainingDbContext db, string client,
        string key, string hash, CancellationToken ct)
    {
        if (await db.PartnerIdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PartnerClientId == client && k.Key == key, ct) is not { } stored)
            return null;
        if (stored.RequestHash != hash)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: $"This {IdempotencyHeader} was used with a different body.",
                detail: "Use a new key for a new record; a retry must send the same body.");
        return Created(await db.ExternalCompletions.AsNoTracking().SingleAsync(c => c.Id == stored.CompletionId, ct));
    }

    private static Created<CompletionView> Created(ExternalCompletion c) =>
        TypedResults.Created($"/api/training/partner/v1/completions/{c.Id}", CompletionView.From(c));
}

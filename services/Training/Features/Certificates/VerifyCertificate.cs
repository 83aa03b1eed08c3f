using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Certificates;

/// <summary>
/// Anyone with a certificate's code (an employer, a sponsor) checks it without signing in. The answer shows only what
/// the certificate itself states, and whether it still stands: not the holder's profile, nor why it was revoked.
/// </summary>
public static class VerifyCertificate
{
    public sealed record Verification(string Code, string HolderName, string CourseTitle, string CapabilityLevel, DateOnly CompletedOn, string Status,
        DateOnly? RevokedOn);

    public static IEndpointRouteBuilder MapVerifyCertificate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/certificates/verify/{code}", async Task<Results<Ok<Verification>, NotFound>> (string code, TrainingDbContext db,
                CancellationToken ct) =>
                await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct) is { } c
                    ? TypedResults.Ok(new Verification(c.Code, c.HolderName, c.CourseTitle, c.CapabilityLevel, c.CompletedOn, CertificateStatuses.Of(c),
                        c.RevokedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null))
                    : TypedResults.NotFound())
            .AllowAnonymous()
            .WithTags("Certificates")
            .WithName("VerifyCertificate")
            .WithSummary("Public, no sign-in: what a certificate states (holder's name, course, completion date) and whether it is valid or revoked; 404 for an unknown code.");
        return app;
    }
}

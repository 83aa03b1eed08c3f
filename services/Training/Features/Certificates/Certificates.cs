using System.Text;
using System.Text.Encodings.Web;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Certificates;

/// <summary>A certificate as its holder sees it.</summary>
public sealed record CertificateView(string Code, string HolderName, Guid CourseId, string CourseTitle, string CapabilityLevel, DateOnly CompletedOn,
    DateTimeOffset IssuedAt, string Status, DateTimeOffset? RevokedAt, string? RevokedReason, string VerifyAt)
{
    public static CertificateView From(Certificate c) => new(c.Code, c.HolderName, c.CourseId, c.CourseTitle, c.CapabilityLevel, c.CompletedOn,
        c.IssuedAt, CertificateStatuses.Of(c), c.RevokedAt, c.RevokedReason, VerifyPath(c.Code));

    public static string VerifyPath(string code) => $"/api/training/certificates/verify/{code}";
}

public static class CertificateStatuses
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";

    public static string Of(Certificate c) => c.RevokedAt is null ? Valid : Revoked;
}

/// <summary>
/// A member of staff lists and downloads their certificates; programme staff revoke one, with a reason. Verification,
/// open to anyone with the code, is <see cref="VerifyCertificate"/>.
/// </summary>
public static class Certificates
{
    public sealed record Revocation([FreeText(500)] string? Reason);

    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/api/training/certificates").WithTags("Certificates");
        certificates.MapGet("/me", async Task<Results<Ok<List<CertificateView>>, NotFound>> (HttpContext http, TrainingDbContext db, CancellationToken ct) =>
            {
                if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
                var mine = await db.Certificates.AsNoTracking().Where(c => c.ProfileId == profile.Id).OrderBy(c => c.IssuedAt).ToListAsync(ct);
                return TypedResults.Ok(mine.Select(CertificateView.From).ToList());
            })
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("GetMyCertificates")
            .WithSummary("Your certificates, oldest first.");
        certificates.MapGet("/{code}", DownloadAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("DownloadMyCertificate")
            .WithSummary("Download your certificate as a printable HTML page stating its verification address; 404 for anyone else's.");
        certificates.MapPost("/{code}/revoke", RevokeAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RevokeCertificate")
            .WithSummary("Revoke a certificate, with the reason (its holder sees it; verification says only that it is revoked).");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(string code, HttpContext http, TrainingDbContext db,
        CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        if (await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code && c.ProfileId == profile.Id, ct) is not { } certificate)
            return TypedResults.NotFound();
        var html = HtmlEncoder.Default;
        var page = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Certificate of completion</title></head>
            <body>
            <h1>MH-ALL Research Academy: certificate of completion</h1>
            <p>This certifies that <strong>{html.Encode(certificate.HolderName)}</strong> completed
            <strong>{html.Encode(certificate.CourseTitle)}</strong> ({html.Encode(certificate.CapabilityLevel)} level) on {certificate.CompletedOn:d MMMM yyyy}.</p>
            <p>Status: {CertificateStatuses.Of(certificate)}{(certificate.RevokedAt is { } at ? $" since {at:d MMMM yyyy}" : "")}.</p>
            <p>Certificate code: <code>{certificate.Code}</code>. Anyone can check it at {html.Encode(CertificateView.VerifyPath(certificate.Code))}.</p>
            </body></html>
            """;
        return TypedResults.File(Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8", $"certificate-{certificate.Code}.html");
    }

    private static async Task<Results<Ok<CertificateView>, ValidationProblem, NotFound, ProblemHttpResult>> RevokeAsync(string code, Revocation request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Required("reason", request.Reason, 500) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Certificates.SingleOrDefaultAsync(c => c.Code == code, ct) is not { } certificate) return TypedResults.NotFound();
        if (certificate.RevokedAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This certificate is already revoked.");
        (certificate.RevokedAt, certificate.RevokedReason, certificate.RevokedBy) = (clock.GetUtcNow(), request.Reason!.Trim(), http.User.SubjectId());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CertificateView.From(certificate));
    }
}

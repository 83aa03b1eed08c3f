using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>The current consent-to-contact text, and a volunteer's own consent history.</summary>
public static class Consent
{
    public sealed record Text(int Version, string Body, DateTimeOffset PublishedAt);
    public sealed record Entry(int Version, string Decision, string Method, DateTimeOffset At);

    public static IEndpointRouteBuilder MapConsent(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/participation/consent", async (ParticipationDbContext db, CancellationToken ct) =>
            {
                var text = await db.ConsentTexts.AsNoTracking().OrderByDescending(t => t.Version).FirstAsync(ct);
                return TypedResults.Ok(new Text(text.Version, text.Text, text.PublishedAt));
            })
            .RequireAuthorization(Policies.Authenticated)
            .WithTags("Consent")
            .WithName("GetConsentText")
            .WithSummary("The consent-to-contact text a volunteer agrees to when joining, with its version.");

        app.MapGet("/api/participation/volunteers/me/consents", async Task<Results<Ok<List<Entry>>, NotFound>> (
                ParticipationDbContext db, HttpContext http, CancellationToken ct) =>
            {
                if (await db.Volunteers.AsNoTracking().MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
                return TypedResults.Ok(await db.ConsentRecords.AsNoTracking().Where(r => r.VolunteerId == volunteer.Id).OrderBy(r => r.Id)
                    .Select(r => new Entry(r.Version, r.Decision, r.Method, r.At)).ToListAsync(ct));
            })
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithTags("Consent")
            .WithName("GetMyConsentHistory")
            .WithSummary("Your consent history: which version you agreed to or withdrew, when and how.");
        return app;
    }
}

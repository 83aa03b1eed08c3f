using MhAll.Messaging;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>The current consent-to-contact text, and a volunteer's own consent history.</summary>
public static class Consent
{
    public sealed record Text(int Version, string Body, DateTimeOffset PublishedAt);
    public sealed record Entry(int Version, string Decision, string Method, DateTimeOffset At);
    public sealed record NewText([FreeText] string? Body);
    public sealed record Agreement(int? Version);

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

        app.MapPost("/api/participation/consent", PublishAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Consent")
            .WithName("PublishConsentText")
            .WithSummary("Publish a new version of the consent text; new volunteers agree to it, those on the register may agree again.");

        app.MapPost("/api/participation/volunteers/me/consents", AgreeAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithTags("Consent")
            .WithName("AgreeToConsentText")
            .WithSummary("Agree to the current version of the consent text (after it changed); added to your history.");
        return app;
    }

    private static async Task<Results<Created<Text>, ValidationProblem, ProblemHttpResult>> PublishAsync(NewText request, ParticipationDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("body", request.Body, 4000);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        // Texts are added, never changed; two publishers racing for one version number meet the primary key.
        var text = new ConsentText { Version = await db.ConsentTexts.MaxAsync(t => t.Version, ct) + 1, Text = request.Body!.Trim(), PublishedAt = clock.GetUtcNow() };
        db.ConsentTexts.Add(text);
        if (await db.SaveOrConflictAsync($"Version {text.Version} of the consent text was published meanwhile.",
                "Nothing was saved. Read the current text (GET /api/participation/consent) before publishing another.", ct) is { } conflict)
            return conflict;
        return TypedResults.Created("/api/participation/consent", new Text(text.Version, text.Text, text.PublishedAt));
    }

    private static async Task<Results<Ok<List<Entry>>, NotFound, ValidationProblem, ProblemHttpResult>> AgreeAsync(Agreement request,
        ParticipationDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.AsNoTracking().MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        if (volunteer.WithdrawnAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have left the register.",
                detail: "Agreeing to a new text does not bring you back: ask the programme team if you would like to rejoin.");
        var current = await db.ConsentTexts.MaxAsync(t => t.Version, ct);
        if (request.Version != current)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = [$"The current text is version {current}: read it and agree to that one."] });
        db.ConsentRecords.Add(new ConsentRecord
        {
            VolunteerId = volunteer.Id, Version = current, Decision = ConsentDecisions.Given, Method = ConsentDecisions.Online,
            RecordedBy = http.User.SubjectId(), At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await db.ConsentRecords.AsNoTracking().Where(r => r.VolunteerId == volunteer.Id).OrderBy(r => r.Id)
            .Select(r => new Entry(r.Version, r.Decision, r.Method, r.At)).ToListAsync(ct));
    }
}

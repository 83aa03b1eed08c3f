using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Agreements;

/// <summary>
/// The Panel's confidentiality agreement, versioned: coordinators publish a new version (numbered one past the last),
/// which becomes current at once; members sign the current one; earlier versions and their signatures stay.
/// </summary>
public static class PublishAgreement
{
    public const int TextMaxLength = 20_000;

    /// <param name="Text">The agreement's full text, as members will read and sign it.</param>
    public sealed record NewVersion([FreeText(TextMaxLength)] string? Text);

    public sealed record AgreementView(int Version, string Text, DateTimeOffset PublishedAt);

    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder group)
    {
        group.MapPost("/", PublishAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("PublishConfidentialityAgreement")
            .WithSummary("Publish a new version of the confidentiality agreement; it is current at once, and members must sign it before they next become active.");
        group.MapGet("/current", async Task<Results<Ok<AgreementView>, NotFound>> (PanelDbContext db, CancellationToken ct) =>
                await db.Agreements.AsNoTracking().OrderByDescending(a => a.Version).FirstOrDefaultAsync(ct) is { } current
                    ? TypedResults.Ok(new AgreementView(current.Version, current.Text, current.PublishedAt))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.Authenticated)
            .WithName("GetCurrentConfidentialityAgreement")
            .WithSummary("The confidentiality agreement in force, with its version (404 before the first is published).");
        return group;
    }

    private static async Task<Results<Created<AgreementView>, ValidationProblem, ProblemHttpResult>> PublishAsync(NewVersion request, HttpContext http,
        PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Required("text", request.Text, TextMaxLength) is { Any: true } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        var agreement = new ConfidentialityAgreement
        {
            Version = (await db.CurrentAgreementVersionAsync(ct) ?? 0) + 1, Text = request.Text!.Trim(), PublishedAt = clock.GetUtcNow(),
            PublishedBy = http.User.SubjectId(),
        };
        db.Agreements.Add(agreement);
        // Two coordinators publishing at once would take the same number: the key keeps the first.
        if (await db.SaveOrConflictAsync("Another version was published meanwhile.", "Read the current version, then publish yours again.", ct)
            is { } conflict) return conflict;
        return TypedResults.Created("/api/panel/agreements/current", new AgreementView(agreement.Version, agreement.Text, agreement.PublishedAt));
    }
}

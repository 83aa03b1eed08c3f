using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Requests;

/// <summary>
/// A coordinator triages a request awaiting it: accepts it (naming the activity type and the rate category, a key the
/// payment rates are looked up by), asks for changes (with a note the researcher reads), or declines it with a reason.
/// </summary>
public static partial class TriageRequest
{
    public const int NoteMaxLength = 2000;

    /// <param name="Decision">accept, request-changes or decline.</param>
    /// <param name="ActivityType">Accepting: the kind of activity it becomes, a key such as protocol-review.</param>
    /// <param name="RateCategory">Accepting: the key of the payment rate that applies, one in the rate table, such as meeting.</param>
    /// <param name="Note">Asking for changes: what to change. Declining: the reason. The researcher reads it.</param>
    public sealed record Outcome(string? Decision, [MaxLength(50)] string? ActivityType, [MaxLength(50)] string? RateCategory,
        [FreeText(NoteMaxLength)] string? Note);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")] private static partial Regex KeyShape();

    public static RouteGroupBuilder MapTriageRequest(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/triage", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("TriageInvolvementRequest")
            .WithSummary("Accept (with activity type and rate category), ask for changes (with a note) or decline (with a reason) a request awaiting triage; 409 in any other status.");
        return group;
    }

    private static async Task<Results<Ok<RequestView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, Outcome decision,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("decision", decision.Decision, TriageDecisions.All);
        if (decision.Decision == TriageDecisions.Accept)
        {
            Key(errors, "activityType", decision.ActivityType);
            Key(errors, "rateCategory", decision.RateCategory);
        }
        if (decision.Decision is TriageDecisions.RequestChanges or TriageDecisions.Decline && string.IsNullOrWhiteSpace(decision.Note))
            errors.Add("note", decision.Decision == TriageDecisions.Decline ? "Say why it is declined: the researcher reads it." : "Say what to change: the researcher reads it.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        // A category without a rate would only be found out when the member claims: refuse it here, where it is chosen.
        if (decision.Decision == TriageDecisions.Accept && !await db.PaymentRates.AnyAsync(r => r.Category == decision.RateCategory, ct))
        {
            var known = await db.PaymentRates.Select(r => r.Category).Distinct().OrderBy(c => c).ToListAsync(ct);
            return TypedResults.ValidationProblem(new ValidationErrors()
                .Add("rateCategory", $"Not in the rate table: one of {string.Join(", ", known)}, or add the rate first.").ToDictionary());
        }
        if (await db.InvolvementRequests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request) return TypedResults.NotFound();
        if (request.Status != RequestStatuses.AwaitingTriage)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A request that is {request.Status} is not awaiting triage.",
                detail: request.Status == RequestStatuses.ChangesRequested ? "The researcher resubmits it once changed." : "It was already decided.");
        var now = clock.GetUtcNow();
        request.Status = decision.Decision switch
        {
            TriageDecisions.Accept => RequestStatuses.Accepted,
            TriageDecisions.RequestChanges => RequestStatuses.ChangesRequested,
            _ => RequestStatuses.Declined,
        };
        if (request.Status == RequestStatuses.Accepted) (request.ActivityType, request.RateCategory) = (decision.ActivityType, decision.RateCategory);
        request.TriageNote = string.IsNullOrWhiteSpace(decision.Note) ? null : decision.Note.Trim();
        (request.TriagedBy, request.TriagedAt, request.ChangedAt) = (http.User.SubjectId(), now, now);
        // The researcher editing at the same moment: the row's xmin refuses one of the two (409).
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RequestView.From(request));
    }

    private static void Key(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, "This field is required when accepting.");
        else if (!KeyShape().IsMatch(value)) errors.Add(field, "A key of lower-case letters and digits joined by hyphens, e.g. protocol-review.");
    }
}

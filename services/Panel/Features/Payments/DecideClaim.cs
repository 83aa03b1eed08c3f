using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// A coordinator approves a submitted claim (its attendance confirmed first) or rejects it with a reason the member
/// reads. An approved claim with nothing to pay (no fee due, no expenses) is settled at once: the involvement stays
/// recorded and no payment run includes it.
/// </summary>
public static class DecideClaim
{
    public const int ReasonMaxLength = 1000;

    /// <param name="Outcome">approve or reject.</param>
    /// <param name="Reason">Rejecting: why; the member reads it.</param>
    public sealed record Decision(string? Outcome, [FreeText(ReasonMaxLength)] string? Reason);

    public static RouteGroupBuilder MapDecideClaim(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/decision", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("DecidePanelClaim")
            .WithSummary("Approve a submitted claim, or reject it with a reason. 409 for a claim already decided, or approving before its attendance is confirmed.");
        return group;
    }

    private static async Task<Results<Ok<ClaimView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, Decision decision,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("outcome", decision.Outcome, ClaimDecisions.All);
        if (decision.Outcome == ClaimDecisions.Reject && string.IsNullOrWhiteSpace(decision.Reason)) errors.Add("reason", "Say why: the member reads it.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Claims.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } claim) return TypedResults.NotFound();
        if (claim.Status != ClaimStatuses.Submitted)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The claim is {claim.Status}, not awaiting a decision.",
                detail: "A claim is decided once.");
        if (decision.Outcome == ClaimDecisions.Approve && !await db.Attendance.AnyAsync(a => a.OfferId == claim.OfferId && a.ConfirmedAt != null, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The attendance behind this claim is not confirmed.",
                detail: $"Confirm it first (POST /api/panel/involvements/{claim.OfferId}/attendance/confirm).");
        var now = clock.GetUtcNow();
        (claim.DecidedBy, claim.DecidedAt) = (http.User.SubjectId(), now);
        if (decision.Outcome == ClaimDecisions.Approve)
        {
            claim.Status = claim.TotalPence == 0 ? ClaimStatuses.Settled : ClaimStatuses.Approved;
            claim.ApprovedOn = clock.Today();
        }
        else (claim.Status, claim.RejectionReason) = (ClaimStatuses.Rejected, decision.Reason!.Trim());
        // Two coordinators deciding at once: the row's xmin refuses the second (409).
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ClaimView.From(claim));
    }
}

using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>
/// A coordinator moves a member on (shortlisted, inducted, active, paused, left): only the steps
/// <see cref="MemberStatuses.Next"/> allows, and to active only with the current confidentiality agreement signed.
/// Each change is dated and kept with who made it. Joining for the first time and leaving are told to the other services.
/// </summary>
public static class ChangeMemberStatus
{
    /// <param name="Status">applied → shortlisted → inducted → active ⇄ paused; any of them → left.</param>
    /// <param name="Note">Optional: why (e.g. the reason for turning an application down); kept in the history.</param>
    public sealed record StatusChange(string? Status, [FreeText(AuditTrail.ReasonMaxLength)] string? Note);

    public static RouteGroupBuilder MapChangeMemberStatus(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/status", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ChangePanelMemberStatus")
            .WithSummary("Move a member to their next status. 409 for a step the order does not allow, or for active without the current confidentiality agreement signed.");
        return group;
    }

    private static async Task<Results<Ok<MemberView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, StatusChange change,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("status", change.Status, MemberStatuses.All);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Members.SingleOrDefaultAsync(m => m.Id == id && m.ErasedAt == null, ct) is not { } member) return TypedResults.NotFound();
        var to = change.Status!;
        var allowed = MemberStatuses.Next[member.Status];
        if (!allowed.Contains(to))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A member who is {member.Status} cannot become {to}.",
                detail: allowed.Length == 0 ? $"Nothing follows {member.Status}." : $"From {member.Status}: {string.Join(" or ", allowed)}.");
        if (to == MemberStatuses.Active && await UnsignedAsync(db, member, ct) is { } unsigned) return unsigned;

        var now = clock.GetUtcNow();
        var firstActivation = to == MemberStatuses.Active
            && !await db.MemberStatusChanges.AnyAsync(c => c.MemberId == member.Id && c.To == MemberStatuses.Active, ct);
        db.MemberStatusChanges.Add(new MemberStatusChange
        {
            MemberId = member.Id, From = member.Status, To = to, At = now, By = http.User.SubjectId(),
            Note = string.IsNullOrWhiteSpace(change.Note) ? null : change.Note.Trim(),
        });
        if (firstActivation) db.PublishJoined(member, now, clock);
        if (to == MemberStatuses.Left && MemberStatuses.Joined.Contains(member.Status)) db.PublishLeft(member, now, clock);
        // Someone who leaves holds no place: their unanswered offers close now, and the sweep passes the places on.
        // A paused or departed member holds no place: others are offered it rather than wait out the offer.
        if (to is MemberStatuses.Left or MemberStatuses.Paused) await Offers.OfferBooks.WithdrawOutstandingAsync(db, member.Id, now, ct);
        (member.Status, member.StatusChangedAt, member.ChangedAt) = (to, now, now);
        // Two coordinators moving the same member at once: the row's xmin refuses the second (409), so no step is skipped.
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MemberView.OfAsync(db, member, ct));
    }

    /// <summary>The 409 that says why a member cannot become active: no agreement published, or the current version not signed.</summary>
    private static async Task<ProblemHttpResult?> UnsignedAsync(PanelDbContext db, PanelMember member, CancellationToken ct)
    {
        if (await db.CurrentAgreementVersionAsync(ct) is not { } current)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The member cannot become active: no confidentiality agreement has been published.",
                detail: "Publish one (POST /api/panel/agreements) and have the member sign it first.");
        if (await db.AgreementSignatures.AnyAsync(s => s.MemberId == member.Id && s.Version == current, ct)) return null;
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"The member cannot become active: they have not signed the current confidentiality agreement (version {current}).",
            detail: "They sign it at POST /api/panel/members/me/agreement; then try again.");
    }
}

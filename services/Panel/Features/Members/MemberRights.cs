using System.Text.Json;
using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>
/// A member's rights over their record: a copy of everything held (subject access) and erasure. Correction is
/// <see cref="MyMembership"/>. Erasure keeps a stub under the same id for the payment records that name it.
/// </summary>
public static class MemberRights
{
    public static RouteGroupBuilder MapMemberRights(this RouteGroupBuilder group)
    {
        group.MapGet("/me/data", async Task<Results<FileContentHttpResult, NotFound>> (HttpContext http, PanelDbContext db, TimeProvider clock,
                CancellationToken ct) =>
                await db.Members.AsNoTracking().MineAsync(http.User, ct) is { } member
                    ? await ExportAsync(db, member, http, clock, ct)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("ExportMyPanelData")
            .WithSummary("Everything the Panel holds about you, as JSON: your record, its status history and your confidentiality agreement signatures (subject access; in the audit trail).");
        group.MapDelete("/me", async Task<Results<NoContent, NotFound>> (HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
                await EraseAsync(db, member.Id, clock, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("EraseMyPanelMembership")
            .WithSummary("Erase your Panel record: your details, history and signatures go; a stub with only the id (and how you chose to be paid) stays for the payment records the law makes us keep. You leave the Panel.");
        return group;
    }

    private static async Task<FileContentHttpResult> ExportAsync(PanelDbContext db, PanelMember member, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        var copy = new
        {
            member = await MemberView.OfAsync(db, member, ct),
            agreementSignatures = await db.AgreementSignatures.AsNoTracking().Where(s => s.MemberId == member.Id).OrderBy(s => s.Version)
                .Select(s => new { s.Version, s.SignedAt }).ToListAsync(ct),
            exportedAt = clock.GetUtcNow(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(copy, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        db.Audit(http, clock, AuditActions.SubjectAccessExport, AuditSubjects.PanelMember, member.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.File(json, "application/json", "my-panel-data.json");
    }

    /// <summary>
    /// Erases a member in one transaction: every personal field of the row is emptied and the sign-in unlinked (the
    /// person may apply again as someone new), its status history and agreement signatures are deleted, relayed events
    /// that name the id are deleted, and a member who had joined is reported as having left. The row stays as a stub
    /// holding the id, the status it ended in, when they applied and were erased, the payment preference and the
    /// public-sector flag: payments and claims (built on this id) must still reference it, and whether and how a member
    /// was paid depends on those two. Retention decided in ADR 0010 (payments).
    /// </summary>
    public static Task EraseAsync(PanelDbContext db, Guid memberId, TimeProvider clock, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            if (MemberStatuses.Joined.Contains(member.Status)) db.PublishLeft(member, now, clock);
            (member.SubjectId, member.Name, member.Email, member.Phone, member.Motivation, member.AccessNeeds) = (null, null, null, null, null, null);
            (member.EthnicGroup, member.Sex, member.AgeBand, member.Disability, member.LocalAuthority) = (null, null, null, null, null);
            (member.LivedExperience, member.Skills, member.Languages, member.AvailableDays, member.AvailableTimes, member.Formats) = ([], [], [], [], [], []);
            (member.BenefitsAdviceOffered, member.BenefitsAdviceOfferedOn) = (false, null);
            (member.Status, member.StatusChangedAt, member.ChangedAt, member.ErasedAt) = (MemberStatuses.Left, now, now, now);
            db.MemberStatusChanges.RemoveRange(await db.MemberStatusChanges.Where(c => c.MemberId == memberId).ToListAsync(ct));
            db.AgreementSignatures.RemoveRange(await db.AgreementSignatures.Where(s => s.MemberId == memberId).ToListAsync(ct));
            // Unanswered offers are withdrawn (the sweep passes the places on); accepted ones stay: they are the involvements payments name.
            await Offers.OfferBooks.WithdrawOutstandingAsync(db, memberId, now, ct);
            var named = memberId.ToString();
            db.OutboxMessages.RemoveRange(await db.OutboxMessages
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NOT NULL AND strpos(payload::text, {named}) > 0").ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            // Payments keep amounts and dates for finance and HMRC (ADR 0010), not the name they were paid under.
            await db.Payments.Where(p => p.MemberId == memberId).ExecuteUpdateAsync(s => s.SetProperty(p => p.PayeeName, ""), ct);
            await transaction.CommitAsync(ct);
        });
}

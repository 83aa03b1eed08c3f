using System.Security.Claims;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Payments;

/// <summary>One involvement: the accepted offer, its member and its request.</summary>
public sealed record Involvement(Offer Offer, PanelMember Member, InvolvementRequest Request);

/// <summary>The lookups time and payment features share.</summary>
public static class PaymentQueries
{
    /// <summary>
    /// An involvement (an accepted offer) the caller may act on: their own as a member, any as a coordinator. Another
    /// member's, an offer not accepted, or an erased member's (to the member: they no longer have a sign-in) is null: 404.
    /// </summary>
    public static async Task<Involvement?> FindInvolvementAsync(this PanelDbContext db, Guid offerId, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await (from o in db.Offers
                           join m in db.Members on o.MemberId equals m.Id
                           join r in db.InvolvementRequests on o.RequestId equals r.Id
                           where o.Id == offerId && o.Status == OfferStatuses.Accepted
                           select new { o, m, r }).SingleOrDefaultAsync(ct);
        if (found is null) return null;
        var mine = found.m.SubjectId is not null && found.m.SubjectId == user.SubjectId();
        return mine || user.IsInRole(Roles.Coordinator) ? new Involvement(found.o, found.m, found.r) : null;
    }

    /// <summary>A claim the caller may see: their own as a member, any as a coordinator; null (404) otherwise.</summary>
    public static async Task<PaymentClaim?> FindClaimAsync(this PanelDbContext db, Guid claimId, ClaimsPrincipal user, CancellationToken ct)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, ct);
        if (claim is null || user.IsInRole(Roles.Coordinator)) return claim;
        var subject = user.SubjectId();
        return await db.Members.AnyAsync(m => m.Id == claim.MemberId && m.SubjectId == subject, ct) ? claim : null;
    }

    /// <summary>The rate table as stored: every row, history included.</summary>
    public static async Task<RateTable> RateTableAsync(this PanelDbContext db, CancellationToken ct) =>
        new((await db.PaymentRates.AsNoTracking().ToListAsync(ct))
            .Select(r => new ActivityRate(r.Category, r.EffectiveFrom, new Pence(r.AmountPence), PaymentCodes.Unit(r.Unit))));

    /// <summary>A paid claim as the domain's payment record, for totals.</summary>
    public static PaymentRecord Record(this Payment p) =>
        new(p.ClaimId, p.MemberId, p.ActivityDate, p.PaidOn, new Pence(p.FeePence), PaymentCodes.Method(p.FeeMethod), new Pence(p.ExpensesPence));
}

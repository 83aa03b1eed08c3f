using MhAll.Panel.Data;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// A member's claims, payments and totals per tax year (6 April to 5 April, by the day paid: ADR 0010), for the member
/// and, for benefits advice, for a coordinator. Fees by transfer, fees as vouchers and expenses are kept apart.
/// </summary>
public static class MemberPayments
{
    public sealed record PaymentView(Guid ClaimId, Guid RunId, DateOnly ActivityDate, DateOnly PaidOn, string TaxYear, long FeePence, string FeeMethod,
        long ExpensesPence, long TotalPence);

    public sealed record TaxYearView(string TaxYear, DateOnly Start, DateOnly End, long FeesPaidPence, long FeesAsVouchersPence, long FeesPence,
        long ExpensesPence, int Payments);

    /// <param name="Note">What the totals leave out: payments made outside the Panel.</param>
    public sealed record PaymentsView(Guid MemberId, IReadOnlyList<ClaimView> Claims, IReadOnlyList<PaymentView> Payments,
        IReadOnlyList<TaxYearView> TaxYears, string Note);

    public static RouteGroupBuilder MapMemberPayments(this RouteGroupBuilder group)
    {
        group.MapGet("/me/payments", async Task<Results<Ok<PaymentsView>, NotFound>> (HttpContext http, PanelDbContext db, CancellationToken ct) =>
                await db.Members.AsNoTracking().MineAsync(http.User, ct) is { } me ? TypedResults.Ok(await ViewAsync(db, me.Id, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("MyPanelPayments")
            .WithSummary("Your claims, your payments and your totals per tax year (for benefits advice).");
        group.MapGet("/{id:guid}/payments", async Task<Results<Ok<PaymentsView>, NotFound>> (Guid id, PanelDbContext db, CancellationToken ct) =>
                await db.Members.AnyAsync(m => m.Id == id, ct) ? TypedResults.Ok(await ViewAsync(db, id, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithName("PanelMemberPayments")
            .WithSummary("A member's claims, payments and totals per tax year, for benefits advice (an erased member's stub included).");
        return group;
    }

    private static async Task<PaymentsView> ViewAsync(PanelDbContext db, Guid memberId, CancellationToken ct)
    {
        var claims = await db.Claims.AsNoTracking().Where(c => c.MemberId == memberId).OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).OrderBy(p => p.PaidOn).ThenBy(p => p.ClaimId).ToListAsync(ct);
        var totals = TaxYearTotals.PerMember(payments.Select(p => p.Record()));
        return new PaymentsView(memberId, [.. claims.Select(ClaimView.From)],
            [.. payments.Select(p => new PaymentView(p.ClaimId, p.RunId, p.ActivityDate, p.PaidOn, TaxYear.Of(p.PaidOn).ToString(), p.FeePence, p.FeeMethod,
                p.ExpensesPence, p.FeePence + p.ExpensesPence))],
            [.. totals.Select(t => new TaxYearView(t.TaxYear.ToString(), t.TaxYear.Start, t.TaxYear.End, t.FeesPaid.Value, t.FeesAsVouchers.Value,
                t.Fees.Value, t.Expenses.Value, t.Payments))],
            "Totals are of Panel payments only, by the day paid; payments for involvement elsewhere are not included.");
    }
}

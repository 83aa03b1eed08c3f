namespace MhAll.Panel.Domain.Payments;

/// <summary>A UK tax year, 6 April to 5 April, named by the year it starts in ("2025-26" is 6 April 2025 to 5 April 2026).</summary>
public readonly record struct TaxYear(int StartYear) : IComparable<TaxYear>
{
    public DateOnly Start => new(StartYear, 4, 6);
    public DateOnly End => new(StartYear + 1, 4, 5);

    public static TaxYear Of(DateOnly date) => new(date >= new DateOnly(date.Year, 4, 6) ? date.Year : date.Year - 1);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public int CompareTo(TaxYear other) => StartYear.CompareTo(other.StartYear);

    public override string ToString() => $"{StartYear}-{(StartYear + 1) % 100:00}";
}

/// <summary>A payment made: the claim, whom, the day it was paid, the fee (and how) and the expenses reimbursed.</summary>
public sealed record PaymentRecord(Guid ClaimId, Guid MemberId, DateOnly ActivityDate, DateOnly PaidOn, Pence Fee, PaymentMethod FeeMethod, Pence Expenses);

/// <summary>
/// A member's payments in one tax year, for benefits advice: fees by bank transfer and as vouchers (both can count
/// as income), and expenses reimbursed (usually not income, shown apart).
/// </summary>
public sealed record TaxYearTotal(Guid MemberId, TaxYear TaxYear, Pence FeesPaid, Pence FeesAsVouchers, Pence Expenses, int Payments)
{
    public Pence Fees => FeesPaid + FeesAsVouchers;
}

/// <summary>Totals per member and tax year, by the day paid (when money is received, not when the activity took place).</summary>
public static class TaxYearTotals
{
    /// <summary>One total per member and tax year with payments, in member then year order.</summary>
    public static IReadOnlyList<TaxYearTotal> PerMember(IEnumerable<PaymentRecord> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var list = payments.ToList();
        var duplicate = list.GroupBy(p => p.ClaimId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Claim {duplicate.Key} is paid more than once.", nameof(payments));
        return [.. list
            .GroupBy(p => (p.MemberId, Year: TaxYear.Of(p.PaidOn)))
            .OrderBy(g => g.Key.MemberId).ThenBy(g => g.Key.Year)
            .Select(g => new TaxYearTotal(g.Key.MemberId, g.Key.Year,
                g.Where(p => p.FeeMethod == PaymentMethod.BankTransfer).Select(p => p.Fee).Sum(),
                g.Where(p => p.FeeMethod == PaymentMethod.Voucher).Select(p => p.Fee).Sum(),
                g.Select(p => p.Expenses).Sum(),
                g.Count()))];
    }

    /// <summary>One member's total for one tax year (zero when they had no payments in it).</summary>
    public static TaxYearTotal For(Guid memberId, TaxYear year, IEnumerable<PaymentRecord> payments) =>
        PerMember(payments.Where(p => p.MemberId == memberId && year.Contains(p.PaidOn))).SingleOrDefault()
        ?? new TaxYearTotal(memberId, year, Pence.Zero, Pence.Zero, Pence.Zero, 0);
}

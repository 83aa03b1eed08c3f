namespace MhAll.Panel.Domain.Payments;

/// <summary>One payment as kept after the member's erasure: amounts and dates, nothing that identifies or reaches them.</summary>
public sealed record RetainedPayment(Guid ClaimId, DateOnly ActivityDate, DateOnly PaidOn, Pence Fee, PaymentMethod FeeMethod, Pence Expenses)
{
    public DateOnly DeleteOn => PaymentRetention.DeleteOn(PaidOn);
}

/// <summary>
/// What of an erased member the Panel keeps for finance and HMRC (docs/decisions/0010): a stub id (the member id,
/// which on its own no longer leads to a person once their details are gone) and their payments. No name, contact or
/// bank details, demographics or lived experience.
/// </summary>
public sealed record RetainedPaymentRecord(Guid MemberStubId, IReadOnlyList<RetainedPayment> Payments)
{
    /// <summary>When the last of it is deleted.</summary>
    public DateOnly? DeleteOn => Payments.Count == 0 ? null : Payments.Max(p => p.DeleteOn);
}

/// <summary>
/// Payment records are kept for 6 full tax years after the tax year of payment, then deleted: a payment on
/// 10 May 2026 (tax year 2026-27, ending 5 April 2027) is kept to 5 April 2033 and deleted on 6 April 2033.
/// </summary>
public static class PaymentRetention
{
    public const int TaxYearsKeptAfterPayment = 6;

    public static DateOnly DeleteOn(DateOnly paidOn) => TaxYear.Of(paidOn).End.AddYears(TaxYearsKeptAfterPayment).AddDays(1);

    /// <summary>What is kept when a member is erased: their paid claims only, as amounts and dates (unpaid claims go with the member).</summary>
    public static RetainedPaymentRecord OnErasure(Guid memberId, IEnumerable<PaymentRecord> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        return new RetainedPaymentRecord(memberId, [.. payments
            .Where(p => p.MemberId == memberId)
            .OrderBy(p => p.PaidOn).ThenBy(p => p.ClaimId)
            .Select(p => new RetainedPayment(p.ClaimId, p.ActivityDate, p.PaidOn, p.Fee, p.FeeMethod, p.Expenses))]);
    }

    /// <summary>The record with the payments whose time is up removed, or null when nothing is left to keep.</summary>
    public static RetainedPaymentRecord? Prune(RetainedPaymentRecord record, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(record);
        var kept = record.Payments.Where(p => p.DeleteOn > today).ToList();
        return kept.Count == 0 ? null : record with { Payments = kept };
    }
}

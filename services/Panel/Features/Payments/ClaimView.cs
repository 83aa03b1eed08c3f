using MhAll.Panel.Data;
using MhAll.Panel.Domain.Payments;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// A claim as its member and coordinators read it: the rate used, the time, each expense, the fee (0 with the reason
/// when none is due) and where it is. Money in pence; <c>total</c> also in pounds for reading.
/// </summary>
public sealed record ClaimView(Guid Id, Guid InvolvementId, Guid RequestId, Guid MemberId, DateOnly ActivityDate, string RateCategory,
    DateOnly RateEffectiveFrom, long RateAmountPence, string RateUnit, decimal Hours, decimal PreparationHours, int Miles, long MileagePencePerMile,
    IReadOnlyList<long> TravelReceiptsPence, long DataAllowancePence, long CarerCostsPence, bool InWorkTime, long FeePence, string FeeMethod,
    string? NoFeeReason, long ExpensesPence, long TotalPence, string Total, IReadOnlyList<string> Lines, string Status, DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt, string? RejectionReason, Guid? PaymentRunId, DateOnly? PaidOn)
{
    public static ClaimView From(PaymentClaim c) => new(c.Id, c.OfferId, c.RequestId, c.MemberId, c.ActivityDate, c.RateCategory, c.RateEffectiveFrom,
        c.RateAmountPence, c.RateUnit, c.AttendanceMinutes / 60m, c.PreparationMinutes / 60m, c.Miles, c.MileagePencePerMile, c.TravelReceiptsPence,
        c.DataAllowancePence, c.CarerCostsPence, c.InWorkTime, c.FeePence, c.FeeMethod, c.NoFeeReason, c.ExpensesPence, c.TotalPence,
        new Pence(c.TotalPence).ToPounds(), c.Lines, c.Status, c.SubmittedAt, c.DecidedAt, c.RejectionReason, c.PaymentRunId, c.PaidOn);
}

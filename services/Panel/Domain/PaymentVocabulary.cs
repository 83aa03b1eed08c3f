using MhAll.Panel.Domain.Payments;

namespace MhAll.Panel.Domain;

/// <summary>Where a claim is (docs/decisions/0010). A member submits; a coordinator approves or rejects; a payment run pays.</summary>
public static class ClaimStatuses
{
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    /// <summary>Approved with nothing to pay (no fee due and no expenses): the involvement is recorded, no payment is made.</summary>
    public const string Settled = "settled";
    public const string Paid = "paid";

    public static readonly string[] All = [Submitted, Approved, Rejected, Settled, Paid];
}

/// <summary>A coordinator's decision on a submitted claim.</summary>
public static class ClaimDecisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static readonly string[] All = [Approve, Reject];
}

/// <summary>The codes stored and shown for the domain's enums: the API's words for them.</summary>
public static class PaymentCodes
{
    public const string PerHour = "per-hour";
    public const string PerHalfDay = "per-half-day";
    public const string PerActivity = "per-activity";

    public static readonly string[] Units = [PerHour, PerHalfDay, PerActivity];

    public static string Of(RateUnit unit) => unit switch
    {
        RateUnit.PerHour => PerHour,
        RateUnit.PerHalfDay => PerHalfDay,
        RateUnit.PerActivity => PerActivity,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static RateUnit Unit(string code) => code switch
    {
        PerHour => RateUnit.PerHour,
        PerHalfDay => RateUnit.PerHalfDay,
        PerActivity => RateUnit.PerActivity,
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static string Of(PaymentMethod method) => method switch
    {
        PaymentMethod.None => "none",
        PaymentMethod.BankTransfer => "bank-transfer",
        PaymentMethod.Voucher => "voucher",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static PaymentMethod Method(string code) => code switch
    {
        "none" => PaymentMethod.None,
        "bank-transfer" => PaymentMethod.BankTransfer,
        "voucher" => PaymentMethod.Voucher,
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static string Of(NoFeeReason reason) => reason switch
    {
        NoFeeReason.DeclinesPayment => "declines-payment",
        NoFeeReason.PublicSectorInWorkTime => "public-sector-in-work-time",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}

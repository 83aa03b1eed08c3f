namespace MhAll.Panel.Data;

/// <summary>
/// One row of the rate table (docs/decisions/0010): a category's rate from a date until its next row. Rows are only
/// ever added: a new rate is a new row from its date, so the rate of an activity already claimed never changes.
/// </summary>
public sealed class PaymentRate
{
    /// <summary>A key such as hourly or meeting (<see cref="Domain.Payments.RateCategories"/>), as requests are accepted with.</summary>
    public required string Category { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public long AmountPence { get; init; }
    /// <summary>One of <see cref="Domain.PaymentCodes.Units"/>.</summary>
    public required string Unit { get; init; }
    public DateTimeOffset AddedAt { get; init; }
    /// <summary>The coordinator's "sub"; "seed" for the programme's seeded rates.</summary>
    public required string AddedBy { get; init; }
}

/// <summary>The time a member gave to one involvement (an accepted <see cref="Offer"/>), recorded by them or a coordinator, confirmed by a coordinator.</summary>
public sealed class InvolvementAttendance
{
    /// <summary>The accepted offer: one attendance record per involvement.</summary>
    public Guid OfferId { get; init; }
    public Guid MemberId { get; init; }
    public DateOnly ActivityDate { get; set; }
    public int AttendanceMinutes { get; set; }
    public int PreparationMinutes { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a member's change and a coordinator's confirmation at once cannot both win.</summary>
    public uint Version { get; set; }
}

/// <summary>
/// A member's claim for one involvement, worked out by <see cref="Domain.Payments.ClaimCalculator"/> when submitted and
/// kept as worked out: the rate used, the inputs and the amounts, all money in pence.
/// </summary>
public sealed class PaymentClaim
{
    public Guid Id { get; init; }
    /// <summary>The involvement (accepted offer): one claim each.</summary>
    public Guid OfferId { get; init; }
    public Guid MemberId { get; init; }
    public Guid RequestId { get; init; }
    public DateOnly ActivityDate { get; init; }
    public required string RateCategory { get; init; }
    public DateOnly RateEffectiveFrom { get; init; }
    public long RateAmountPence { get; init; }
    public required string RateUnit { get; init; }
    public int AttendanceMinutes { get; init; }
    public int PreparationMinutes { get; init; }
    public int Miles { get; init; }
    public long MileagePencePerMile { get; init; }
    public List<long> TravelReceiptsPence { get; init; } = [];
    public long DataAllowancePence { get; init; }
    public long CarerCostsPence { get; init; }
    /// <summary>The member said the involvement was in their public-sector work time.</summary>
    public bool InWorkTime { get; init; }
    public long FeePence { get; init; }
    /// <summary>none, bank-transfer or voucher.</summary>
    public required string FeeMethod { get; init; }
    public long ExpensesPence { get; init; }
    /// <summary>Why no fee is due (declines-payment, public-sector-in-work-time), null when one is.</summary>
    public string? NoFeeReason { get; init; }
    /// <summary>The calculation's lines in words, e.g. "2 h at £27.50 an hour (preparation included)".</summary>
    public List<string> Lines { get; init; } = [];
    /// <summary>One of <see cref="Domain.ClaimStatuses"/>.</summary>
    public required string Status { get; set; }
    public DateTimeOffset SubmittedAt { get; init; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>The day it was approved: a payment run pays claims approved on or before its date.</summary>
    public DateOnly? ApprovedOn { get; set; }
    public string? RejectionReason { get; set; }
    public Guid? PaymentRunId { get; set; }
    public DateOnly? PaidOn { get; set; }
    /// <summary>PostgreSQL's xmin: two coordinators deciding at once cannot both win.</summary>
    public uint Version { get; set; }

    public long TotalPence => FeePence + ExpensesPence;
}

/// <summary>A payment run: created once per idempotency key; its payments are the file finance imports.</summary>
public sealed class PaymentRun
{
    public Guid Id { get; init; }
    /// <summary>The coordinator's key for this run: asking again with it returns this run, never a second one.</summary>
    public required string IdempotencyKey { get; init; }
    public DateOnly RunDate { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public int Lines { get; init; }
    public long TotalPence { get; init; }
}

/// <summary>
/// One claim paid in one run. The claim id is the key: the database itself refuses paying a claim twice, whatever
/// two runs do at once. Payee name is as at the run (emptied if the member is later erased).
/// </summary>
public sealed class Payment
{
    public Guid ClaimId { get; init; }
    public Guid RunId { get; init; }
    public Guid MemberId { get; init; }
    public required string PayeeName { get; set; }
    public required string PayeeReference { get; init; }
    public DateOnly ActivityDate { get; init; }
    public long FeePence { get; init; }
    public required string FeeMethod { get; init; }
    public long ExpensesPence { get; init; }
    public DateOnly PaidOn { get; init; }
}

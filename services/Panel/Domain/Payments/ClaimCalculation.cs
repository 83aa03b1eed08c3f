namespace MhAll.Panel.Domain.Payments;

/// <summary>How a member chose to be rewarded (their profile's payment preference).</summary>
public enum PaymentPreference { Paid, Voucher, DeclinesPayment }

/// <summary>How a fee reaches the member: <see cref="None"/> when no fee is due.</summary>
public enum PaymentMethod { None, BankTransfer, Voucher }

/// <summary>Out-of-pocket costs claimed: miles driven (whole miles), travel receipts, a data allowance and carer costs.</summary>
public sealed record ClaimExpenses(int Miles, IReadOnlyList<Pence> TravelReceipts, Pence DataAllowance, Pence CarerCosts)
{
    public static ClaimExpenses None { get; } = new(0, [], Pence.Zero, Pence.Zero);
}

/// <summary>
/// A member's claim for one activity: when it took place (which picks the rate), its rate category, minutes at the
/// activity and in preparation, and the member's circumstances that decide whether a fee is paid.
/// </summary>
public sealed record InvolvementClaim(
    Guid ClaimId,
    Guid MemberId,
    DateOnly ActivityDate,
    string RateCategory,
    int AttendanceMinutes,
    int PreparationMinutes,
    PaymentPreference Preference,
    bool PublicSectorInWorkTime,
    ClaimExpenses Expenses);

/// <summary>Mileage in pence per mile. The default is HMRC's approved mileage allowance for a car (45p, first 10,000 miles a year).</summary>
public sealed record ExpensePolicy(Pence PerMile)
{
    public static ExpensePolicy Default { get; } = new(new Pence(45));
}

public enum ClaimLineKind { Fee, Preparation, Mileage, Travel, Data, Carer }

public sealed record ClaimLine(ClaimLineKind Kind, string Description, Pence Amount);

public enum NoFeeReason { DeclinesPayment, PublicSectorInWorkTime }

/// <summary>
/// A claim worked out: the fee (0 with a reason when none is due: the involvement is still recorded), expenses (always
/// reimbursed: nobody is left out of pocket) and the lines behind both.
/// </summary>
public sealed record ClaimCalculation(
    Guid ClaimId,
    Guid MemberId,
    DateOnly ActivityDate,
    ActivityRate Rate,
    Pence Fee,
    PaymentMethod FeeMethod,
    Pence Expenses,
    NoFeeReason? NoFee,
    string? NoFeeText,
    IReadOnlyList<ClaimLine> Lines)
{
    public Pence Total => Fee + Expenses;
}

/// <summary>
/// Works out a claim (docs/decisions/0010). Fee by the unit of the rate in force on the activity date:
/// per hour, attendance and preparation minutes together at the hourly rate, pro rata to the penny; per half day,
/// one payment per started half day of up to 4 hours at the activity (at least one), and preparation at the hourly
/// rate of the same date; per activity, one fixed payment that includes preparation. Expenses: miles at the policy's
/// pence per mile, receipts, data allowance and carer costs, at cost. No fee for public-sector staff in work time
/// (their employer pays for that time) or for a member who declines payment.
/// </summary>
public static class ClaimCalculator
{
    public const int MinutesPerHalfDay = 4 * 60;

    public static ClaimCalculation Calculate(InvolvementClaim claim, RateTable rates, ExpensePolicy expensePolicy)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(expensePolicy);
        ArgumentOutOfRangeException.ThrowIfNegative(claim.AttendanceMinutes, nameof(claim.AttendanceMinutes));
        ArgumentOutOfRangeException.ThrowIfNegative(claim.PreparationMinutes, nameof(claim.PreparationMinutes));
        ArgumentOutOfRangeException.ThrowIfNegative(claim.Expenses.Miles, nameof(claim.Expenses.Miles));
        ArgumentOutOfRangeException.ThrowIfNegative(expensePolicy.PerMile.Value, nameof(expensePolicy.PerMile));
        var rate = rates.RateOn(claim.RateCategory, claim.ActivityDate)
            ?? throw new ArgumentException($"No {claim.RateCategory} rate is in force on {claim.ActivityDate:yyyy-MM-dd}.", nameof(claim));

        var lines = new List<ClaimLine>();
        var feeLines = FeeLines(claim, rate, rates);
        var (noFee, noFeeText) = claim switch
        {
            { PublicSectorInWorkTime: true } => ((NoFeeReason?)NoFeeReason.PublicSectorInWorkTime, "public-sector staff in work time: their employer already pays for this time"),
            { Preference: PaymentPreference.DeclinesPayment } => (NoFeeReason.DeclinesPayment, "the member declines payment"),
            _ => (null, (string?)null),
        };
        if (noFee is null) lines.AddRange(feeLines);
        else lines.AddRange(feeLines.Select(l => l with { Amount = Pence.Zero, Description = $"{l.Description} (not paid: {noFeeText})" }));
        var fee = noFee is null ? feeLines.Select(l => l.Amount).Sum() : Pence.Zero;

        var expenses = claim.Expenses;
        if (expenses.Miles > 0) lines.Add(new(ClaimLineKind.Mileage, $"{expenses.Miles} miles at {expensePolicy.PerMile.Value}p a mile", expensePolicy.PerMile * expenses.Miles));
        foreach (var receipt in expenses.TravelReceipts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(receipt.Value, nameof(expenses.TravelReceipts));
            lines.Add(new(ClaimLineKind.Travel, "travel receipt", receipt));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(expenses.DataAllowance.Value, nameof(expenses.DataAllowance));
        ArgumentOutOfRangeException.ThrowIfNegative(expenses.CarerCosts.Value, nameof(expenses.CarerCosts));
        if (expenses.DataAllowance > Pence.Zero) lines.Add(new(ClaimLineKind.Data, "data allowance", expenses.DataAllowance));
        if (expenses.CarerCosts > Pence.Zero) lines.Add(new(ClaimLineKind.Carer, "carer costs", expenses.CarerCosts));
        var expenseTotal = lines.Where(l => l.Kind is not (ClaimLineKind.Fee or ClaimLineKind.Preparation)).Select(l => l.Amount).Sum();

        var method = fee == Pence.Zero ? PaymentMethod.None
            : claim.Preference == PaymentPreference.Voucher ? PaymentMethod.Voucher : PaymentMethod.BankTransfer;
        return new ClaimCalculation(claim.ClaimId, claim.MemberId, claim.ActivityDate, rate, fee, method, expenseTotal, noFee, noFeeText, lines);
    }

    private static List<ClaimLine> FeeLines(InvolvementClaim claim, ActivityRate rate, RateTable rates)
    {
        switch (rate.Unit)
        {
            case RateUnit.PerHour:
                var minutes = claim.AttendanceMinutes + claim.PreparationMinutes;
                return [new(ClaimLineKind.Fee, $"{Hours(minutes)} at {rate.Amount} an hour (preparation included)", rate.Amount.Prorate(minutes, 60))];
            case RateUnit.PerHalfDay:
                var halfDays = Math.Max(1, (claim.AttendanceMinutes + MinutesPerHalfDay - 1) / MinutesPerHalfDay);
                List<ClaimLine> lines = [new(ClaimLineKind.Fee, $"{halfDays} half day(s) at {rate.Amount}", rate.Amount * halfDays)];
                if (claim.PreparationMinutes > 0)
                {
                    var hourly = rates.RateOn(RateCategories.Hourly, claim.ActivityDate)
                        ?? throw new ArgumentException($"Preparation needs an hourly rate in force on {claim.ActivityDate:yyyy-MM-dd}.", nameof(claim));
                    lines.Add(new(ClaimLineKind.Preparation, $"{Hours(claim.PreparationMinutes)} preparation at {hourly.Amount} an hour",
                        hourly.Amount.Prorate(claim.PreparationMinutes, 60)));
                }
                return lines;
            case RateUnit.PerActivity:
                return [new(ClaimLineKind.Fee, $"one activity at {rate.Amount} (preparation included)", rate.Amount)];
            default:
                throw new ArgumentOutOfRangeException(nameof(rate), rate.Unit, "Unknown rate unit.");
        }
    }

    private static string Hours(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
}

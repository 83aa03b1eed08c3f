using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class ClaimCalculatorTests
{
    private static readonly DateOnly AfterUplift = new(2026, 2, 10);
    private static readonly DateOnly BeforeUplift = new(2025, 12, 15);

    private static ClaimCalculation Calculate(string category, int attendance, int preparation = 0, DateOnly? date = null,
        PaymentPreference preference = PaymentPreference.Paid, bool publicSectorInWorkTime = false, ClaimExpenses? expenses = null,
        ExpensePolicy? policy = null) =>
        ClaimCalculator.Calculate(new InvolvementClaim(Guid.NewGuid(), Guid.NewGuid(), date ?? AfterUplift, category, attendance, preparation,
            preference, publicSectorInWorkTime, expenses ?? ClaimExpenses.None), RateTable.NihrPublicInvolvement, policy ?? ExpensePolicy.Default);

    [Fact]
    public void Hourly_activities_pay_attendance_and_preparation_together_pro_rata()
    {
        var claim = Calculate(RateCategories.Hourly, attendance: 90, preparation: 60);
        Assert.Equal(new Pence(6875), claim.Fee); // 2.5 h × £27.50
        Assert.Equal(PaymentMethod.BankTransfer, claim.FeeMethod);
        Assert.Equal(new Pence(917), Calculate(RateCategories.Hourly, attendance: 20).Fee); // a third of £27.50, to the nearest penny
    }

    [Fact]
    public void The_activity_date_not_the_claim_date_picks_the_rate()
    {
        Assert.Equal(new Pence(5000), Calculate(RateCategories.Hourly, 120, date: BeforeUplift).Fee);
        Assert.Equal(new Pence(5500), Calculate(RateCategories.Hourly, 120, date: BeforeUplift.AddDays(1)).Fee);
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(240, 1)]
    [InlineData(241, 2)]
    [InlineData(480, 2)]
    [InlineData(0, 1)]
    public void Meetings_pay_per_started_half_day_of_up_to_4_hours(int attendance, int halfDays)
    {
        var claim = Calculate(RateCategories.Meeting, attendance);
        Assert.Equal(new Pence(8250 * halfDays), claim.Fee);
    }

    [Fact]
    public void Meeting_preparation_is_paid_at_the_hourly_rate_of_the_same_date()
    {
        var after = Calculate(RateCategories.Meeting, attendance: 180, preparation: 90);
        Assert.Equal(new Pence(8250 + 4125), after.Fee);
        Assert.Equal([ClaimLineKind.Fee, ClaimLineKind.Preparation], after.Lines.Select(l => l.Kind));
        var before = Calculate(RateCategories.Meeting, attendance: 180, preparation: 90, date: BeforeUplift);
        Assert.Equal(new Pence(7500 + 3750), before.Fee);
    }

    [Fact]
    public void Per_activity_rates_are_one_payment_that_includes_preparation()
    {
        Assert.Equal(Pence.FromPounds(13, 80), Calculate(RateCategories.ShortTask, attendance: 15, preparation: 30).Fee);
        Assert.Equal(Pence.FromPounds(495), Calculate(RateCategories.SeniorRoleDay, attendance: 420, preparation: 300).Fee);
    }

    [Fact]
    public void Expenses_are_mileage_at_the_configured_rate_receipts_data_and_carer_costs()
    {
        var expenses = new ClaimExpenses(Miles: 23, TravelReceipts: [new Pence(480), new Pence(1250)], DataAllowance: new Pence(500), CarerCosts: new Pence(3000));
        var claim = Calculate(RateCategories.Hourly, 60, expenses: expenses);
        Assert.Equal(new Pence(23 * 45 + 480 + 1250 + 500 + 3000), claim.Expenses);
        Assert.Equal(claim.Fee + claim.Expenses, claim.Total);
        Assert.Equal(new Pence(23 * 30), Calculate(RateCategories.Hourly, 60, expenses: expenses with { TravelReceipts = [], DataAllowance = Pence.Zero, CarerCosts = Pence.Zero },
            policy: new ExpensePolicy(new Pence(30))).Expenses);
        Assert.Equal([ClaimLineKind.Fee, ClaimLineKind.Mileage, ClaimLineKind.Travel, ClaimLineKind.Travel, ClaimLineKind.Data, ClaimLineKind.Carer],
            claim.Lines.Select(l => l.Kind));
    }

    [Fact]
    public void A_voucher_preference_pays_the_fee_as_a_voucher()
    {
        var claim = Calculate(RateCategories.Hourly, 60, preference: PaymentPreference.Voucher);
        Assert.Equal((Pence.FromPounds(27, 50), PaymentMethod.Voucher), (claim.Fee, claim.FeeMethod));
    }

    [Fact]
    public void A_member_who_declines_payment_is_recorded_with_no_fee_and_a_reason()
    {
        var claim = Calculate(RateCategories.Meeting, 180, preference: PaymentPreference.DeclinesPayment);
        Assert.Equal((Pence.Zero, PaymentMethod.None, NoFeeReason.DeclinesPayment), (claim.Fee, claim.FeeMethod, claim.NoFee));
        Assert.Equal(Pence.Zero, claim.Total);
        Assert.Equal("the member declines payment", claim.NoFeeText);
        Assert.All(claim.Lines, l => Assert.Equal(Pence.Zero, l.Amount));
        Assert.Contains("not paid", Assert.Single(claim.Lines).Description);
    }

    [Fact]
    public void Public_sector_staff_in_work_time_get_no_fee_whatever_their_preference_but_expenses_are_reimbursed()
    {
        var claim = Calculate(RateCategories.Hourly, 120, preference: PaymentPreference.Voucher, publicSectorInWorkTime: true,
            expenses: ClaimExpenses.None with { Miles = 10 });
        Assert.Equal((Pence.Zero, PaymentMethod.None, NoFeeReason.PublicSectorInWorkTime), (claim.Fee, claim.FeeMethod, claim.NoFee));
        Assert.Equal(new Pence(450), claim.Expenses);
        Assert.Equal(Pence.FromPounds(27, 50), Calculate(RateCategories.Hourly, 60, publicSectorInWorkTime: false).Fee);
    }

    [Fact]
    public void Impossible_claims_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Calculate("unknown", 60));
        Assert.Throws<ArgumentException>(() => Calculate(RateCategories.Hourly, 60, date: new DateOnly(2019, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculate(RateCategories.Hourly, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculate(RateCategories.Hourly, 60, expenses: ClaimExpenses.None with { CarerCosts = new Pence(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculate(RateCategories.Hourly, 60, policy: new ExpensePolicy(new Pence(-45))));
    }
}

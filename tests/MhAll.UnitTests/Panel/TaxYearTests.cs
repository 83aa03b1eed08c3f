using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class TaxYearTests
{
    [Theory]
    [InlineData(2026, 4, 5, 2025)]
    [InlineData(2026, 4, 6, 2026)]
    [InlineData(2026, 1, 1, 2025)]
    [InlineData(2026, 12, 31, 2026)]
    public void A_tax_year_runs_from_6_April_to_5_April(int year, int month, int day, int startYear)
    {
        var taxYear = TaxYear.Of(new DateOnly(year, month, day));
        Assert.Equal(startYear, taxYear.StartYear);
        Assert.Equal((new DateOnly(startYear, 4, 6), new DateOnly(startYear + 1, 4, 5)), (taxYear.Start, taxYear.End));
    }

    [Fact]
    public void Tax_years_are_named_by_their_two_calendar_years()
    {
        Assert.Equal("2025-26", new TaxYear(2025).ToString());
        Assert.Equal("2099-00", new TaxYear(2099).ToString());
    }

    [Fact]
    public void Totals_are_per_member_and_tax_year_of_payment_with_vouchers_and_expenses_apart()
    {
        Guid ana = new("00000000-0000-0000-0000-00000000000a"), ben = new("00000000-0000-0000-0000-00000000000b");
        var activity = new DateOnly(2026, 3, 30);
        List<PaymentRecord> payments =
        [
            new(Guid.NewGuid(), ana, activity, new DateOnly(2026, 4, 5), new Pence(5500), PaymentMethod.BankTransfer, new Pence(450)),
            new(Guid.NewGuid(), ana, activity, new DateOnly(2026, 4, 6), new Pence(2750), PaymentMethod.BankTransfer, Pence.Zero),
            new(Guid.NewGuid(), ana, activity, new DateOnly(2027, 4, 5), new Pence(1380), PaymentMethod.Voucher, new Pence(500)),
            new(Guid.NewGuid(), ben, activity, new DateOnly(2026, 5, 1), Pence.Zero, PaymentMethod.None, new Pence(900)),
        ];
        var totals = TaxYearTotals.PerMember(payments);
        Assert.Equal(
        [
            new TaxYearTotal(ana, new TaxYear(2025), new Pence(5500), Pence.Zero, new Pence(450), 1),
            new TaxYearTotal(ana, new TaxYear(2026), new Pence(2750), new Pence(1380), new Pence(500), 2),
            new TaxYearTotal(ben, new TaxYear(2026), Pence.Zero, Pence.Zero, new Pence(900), 1),
        ], totals);
        Assert.Equal(new Pence(4130), totals[1].Fees);
        Assert.Equal(totals[1], TaxYearTotals.For(ana, new TaxYear(2026), payments));
        Assert.Equal(new TaxYearTotal(ben, new TaxYear(2024), Pence.Zero, Pence.Zero, Pence.Zero, 0), TaxYearTotals.For(ben, new TaxYear(2024), payments));
    }

    [Fact]
    public void A_claim_paid_twice_is_an_error_not_a_double_count()
    {
        var payment = new PaymentRecord(Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2), new Pence(100), PaymentMethod.BankTransfer, Pence.Zero);
        Assert.Throws<ArgumentException>(() => TaxYearTotals.PerMember([payment, payment]));
    }
}

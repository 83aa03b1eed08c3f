using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class PaymentRetentionTests
{
    [Theory]
    [InlineData(2026, 5, 10, 2033)] // tax year 2026-27 ends 5 April 2027: kept six more tax years
    [InlineData(2026, 4, 5, 2032)]  // last day of 2025-26
    [InlineData(2026, 4, 6, 2033)]  // first day of 2026-27
    public void Payment_records_are_deleted_the_day_after_six_tax_years_from_the_end_of_the_tax_year_of_payment(int year, int month, int day, int deleteYear)
    {
        Assert.Equal(new DateOnly(deleteYear, 4, 6), PaymentRetention.DeleteOn(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Erasure_keeps_only_the_members_payments_as_amounts_and_dates_under_a_stub_id()
    {
        Guid member = Guid.NewGuid(), other = Guid.NewGuid();
        List<PaymentRecord> payments =
        [
            new(Guid.NewGuid(), member, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 20), new Pence(5500), PaymentMethod.BankTransfer, new Pence(300)),
            new(Guid.NewGuid(), member, new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 20), new Pence(2500), PaymentMethod.Voucher, Pence.Zero),
            new(Guid.NewGuid(), other, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 20), new Pence(100), PaymentMethod.BankTransfer, Pence.Zero),
        ];
        var kept = PaymentRetention.OnErasure(member, payments);
        Assert.Equal(member, kept.MemberStubId);
        Assert.Equal([payments[1].ClaimId, payments[0].ClaimId], kept.Payments.Select(p => p.ClaimId));
        Assert.Equal(new DateOnly(2033, 4, 6), kept.DeleteOn);
        // The kept shape has amounts, dates and the method only: nothing to reach or identify the person.
        Assert.Equal(["ActivityDate", "ClaimId", "DeleteOn", "Expenses", "Fee", "FeeMethod", "PaidOn"],
            typeof(RetainedPayment).GetProperties().Select(p => p.Name).Order());
    }

    [Fact]
    public void Pruning_removes_payments_whose_time_is_up_and_then_the_record()
    {
        var member = Guid.NewGuid();
        var kept = PaymentRetention.OnErasure(member,
        [
            new(Guid.NewGuid(), member, new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 20), new Pence(2500), PaymentMethod.Voucher, Pence.Zero),
            new(Guid.NewGuid(), member, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 20), new Pence(5500), PaymentMethod.BankTransfer, Pence.Zero),
        ]);
        Assert.Equal(2, PaymentRetention.Prune(kept, new DateOnly(2032, 4, 5))!.Payments.Count);
        Assert.Single(PaymentRetention.Prune(kept, new DateOnly(2032, 4, 6))!.Payments);
        Assert.Null(PaymentRetention.Prune(kept, new DateOnly(2033, 4, 6)));
        Assert.Null(PaymentRetention.OnErasure(Guid.NewGuid(), []).DeleteOn);
    }
}

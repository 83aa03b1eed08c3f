using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class PaymentRunPlannerTests
{
    private static readonly DateOnly RunDate = new(2027, 1, 29);
    private static readonly Guid RunId = new("11111111-1111-1111-1111-111111111111");

    private static ApprovedClaim Claim(Guid? id = null, Guid? member = null, long fee = 2750, long expenses = 0, DateOnly? approvedOn = null,
        PaymentMethod method = PaymentMethod.BankTransfer, string payee = "A Member") =>
        new(id ?? Guid.NewGuid(), member ?? Guid.NewGuid(), payee, "SUP-0001", new DateOnly(2027, 1, 10), approvedOn ?? RunDate.AddDays(-3),
            new Pence(fee), method, new Pence(expenses));

    [Fact]
    public void A_run_pays_each_approved_claim_once_in_member_then_claim_order()
    {
        var claims = Enumerable.Range(0, 20).Select(i => Claim(member: new Guid(i % 4, 0, 0, new byte[8]))).ToList();
        var run = PaymentRunPlanner.Plan(RunId, RunDate, claims, []);
        Assert.Equal(20, run.Lines.Count);
        Assert.Equal(claims.OrderBy(c => c.MemberId).ThenBy(c => c.ClaimId).Select(c => c.ClaimId), run.ClaimIds);
        Assert.Equal(new Pence(20 * 2750), run.Total);
        Assert.Empty(run.Skipped);
    }

    [Fact]
    public void Claims_already_in_a_run_are_never_planned_again()
    {
        var claims = Enumerable.Range(0, 10).Select(_ => Claim()).ToList();
        var first = PaymentRunPlanner.Plan(RunId, RunDate, claims.Take(6), []);
        var second = PaymentRunPlanner.Plan(Guid.NewGuid(), RunDate.AddDays(7), claims, first.ClaimIds);
        Assert.Empty(first.ClaimIds.Intersect(second.ClaimIds));
        Assert.Equal(claims.Skip(6).Select(c => c.ClaimId).Order(), second.ClaimIds.Order());
        Assert.All(second.Skipped, s => Assert.Equal(RunSkipReason.AlreadyInARun, s.Reason));
        Assert.Empty(PaymentRunPlanner.Plan(Guid.NewGuid(), RunDate, claims, first.ClaimIds.Concat(second.ClaimIds)).Lines);
    }

    [Fact]
    public void Planning_again_with_the_same_input_gives_the_same_run_in_any_order()
    {
        var claims = Enumerable.Range(0, 50).Select(_ => Claim(expenses: 120)).ToList();
        var run = PaymentRunPlanner.Plan(RunId, RunDate, claims, []);
        var again = PaymentRunPlanner.Plan(RunId, RunDate, Enumerable.Reverse(claims), []);
        Assert.Equal(run.Lines, again.Lines);
        Assert.Equal(FinanceCsv.Write(run), FinanceCsv.Write(again));
    }

    [Fact]
    public void A_claim_repeated_in_the_input_is_paid_once_and_conflicting_copies_are_held_back()
    {
        var repeated = Claim();
        var conflicting = Claim();
        var run = PaymentRunPlanner.Plan(RunId, RunDate, [repeated, repeated, conflicting, conflicting with { Fee = new Pence(9999) }], []);
        Assert.Equal([repeated.ClaimId], run.ClaimIds);
        Assert.Contains(new SkippedClaim(repeated.ClaimId, RunSkipReason.RepeatedInInput), run.Skipped);
        Assert.Contains(new SkippedClaim(conflicting.ClaimId, RunSkipReason.ConflictingCopies), run.Skipped);
    }

    [Fact]
    public void Claims_approved_after_the_run_date_wait_and_claims_with_nothing_to_pay_are_settled_without_a_line()
    {
        var late = Claim(approvedOn: RunDate.AddDays(1));
        var declined = Claim(fee: 0, method: PaymentMethod.None);
        var expensesOnly = Claim(fee: 0, expenses: 450, method: PaymentMethod.None);
        var run = PaymentRunPlanner.Plan(RunId, RunDate, [late, declined, expensesOnly], []);
        Assert.Equal([expensesOnly.ClaimId], run.ClaimIds);
        Assert.Equal(PaymentMethod.None, run.Lines[0].FeeMethod);
        Assert.Contains(new SkippedClaim(late.ClaimId, RunSkipReason.ApprovedAfterRunDate), run.Skipped);
        Assert.Contains(new SkippedClaim(declined.ClaimId, RunSkipReason.NothingToPay), run.Skipped);
    }

    [Fact]
    public void Negative_amounts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PaymentRunPlanner.Plan(RunId, RunDate, [Claim(fee: -1)], []));
    }
}

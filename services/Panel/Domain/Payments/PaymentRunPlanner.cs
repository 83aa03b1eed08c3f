namespace MhAll.Panel.Domain.Payments;

/// <summary>
/// An approved claim waiting to be paid, with what finance needs to pay it: the payee's name and their reference in
/// the finance system. Fee and expenses come from its <see cref="ClaimCalculation"/>.
/// </summary>
public sealed record ApprovedClaim(Guid ClaimId, Guid MemberId, string PayeeName, string PayeeReference, DateOnly ActivityDate,
    DateOnly ApprovedOn, Pence Fee, PaymentMethod FeeMethod, Pence Expenses)
{
    public Pence Total => Fee + Expenses;
}

public sealed record PaymentRunLine(Guid ClaimId, Guid MemberId, string PayeeName, string PayeeReference, DateOnly ActivityDate,
    Pence Fee, PaymentMethod FeeMethod, Pence Expenses)
{
    public Pence Total => Fee + Expenses;
}

public enum RunSkipReason
{
    /// <summary>The claim is in an earlier run: paying it again would pay it twice.</summary>
    AlreadyInARun,

    /// <summary>The same claim came twice with the same amounts: it is in the run once.</summary>
    RepeatedInInput,

    /// <summary>The same claim came twice with different amounts: left out for finance to resolve, never guessed.</summary>
    ConflictingCopies,

    /// <summary>Approved after the run's date: it waits for the next run.</summary>
    ApprovedAfterRunDate,

    /// <summary>Nothing to pay (no fee due and no expenses): recorded as involvement, settled without a payment.</summary>
    NothingToPay,
}

public sealed record SkippedClaim(Guid ClaimId, RunSkipReason Reason);

/// <summary>A planned payment run: its lines in member then claim order, and every claim left out with why (claim order).</summary>
public sealed record PaymentRun(Guid RunId, DateOnly RunDate, IReadOnlyList<PaymentRunLine> Lines, IReadOnlyList<SkippedClaim> Skipped)
{
    public Pence Total => Lines.Select(l => l.Total).Sum();
    public IEnumerable<Guid> ClaimIds => Lines.Select(l => l.ClaimId);
}

/// <summary>
/// Plans a payment run from approved unpaid claims (docs/decisions/0010). Keyed by claim id: a claim in an earlier
/// run, or repeated in the input, is never in a run twice, so planning again after a crash or with the same claims
/// gives the same run, and planning with this run's claims counted as in a run gives an empty one.
/// </summary>
public static class PaymentRunPlanner
{
    public static PaymentRun Plan(Guid runId, DateOnly runDate, IEnumerable<ApprovedClaim> approvedUnpaid, IEnumerable<Guid> claimsAlreadyInRuns)
    {
        ArgumentNullException.ThrowIfNull(approvedUnpaid);
        ArgumentNullException.ThrowIfNull(claimsAlreadyInRuns);
        var inRuns = claimsAlreadyInRuns as IReadOnlySet<Guid> ?? claimsAlreadyInRuns.ToHashSet();
        var lines = new List<PaymentRunLine>();
        var skipped = new List<SkippedClaim>();
        var byId = new Dictionary<Guid, (ApprovedClaim First, int Copies, bool Conflict)>();
        foreach (var claim in approvedUnpaid)
        {
            ArgumentNullException.ThrowIfNull(claim);
            if (claim.Fee < Pence.Zero || claim.Expenses < Pence.Zero) throw new ArgumentException($"Claim {claim.ClaimId} has a negative amount.", nameof(approvedUnpaid));
            byId[claim.ClaimId] = byId.TryGetValue(claim.ClaimId, out var seen)
                ? (seen.First, seen.Copies + 1, seen.Conflict || seen.First != claim)
                : (claim, 1, false);
        }

        foreach (var (id, (claim, copies, conflict)) in byId)
        {
            RunSkipReason? reason = inRuns.Contains(id) ? RunSkipReason.AlreadyInARun
                : conflict ? RunSkipReason.ConflictingCopies
                : claim.ApprovedOn > runDate ? RunSkipReason.ApprovedAfterRunDate
                : claim.Total == Pence.Zero ? RunSkipReason.NothingToPay
                : null;
            if (reason is { } why)
            {
                skipped.Add(new SkippedClaim(id, why));
                continue;
            }
            lines.Add(new PaymentRunLine(id, claim.MemberId, claim.PayeeName, claim.PayeeReference, claim.ActivityDate, claim.Fee,
                claim.Fee == Pence.Zero ? PaymentMethod.None : claim.FeeMethod, claim.Expenses));
            for (var i = 1; i < copies; i++) skipped.Add(new SkippedClaim(id, RunSkipReason.RepeatedInInput));
        }

        lines.Sort((a, b) => a.MemberId != b.MemberId ? a.MemberId.CompareTo(b.MemberId) : a.ClaimId.CompareTo(b.ClaimId));
        skipped.Sort((a, b) => a.ClaimId != b.ClaimId ? a.ClaimId.CompareTo(b.ClaimId) : a.Reason.CompareTo(b.Reason));
        return new PaymentRun(runId, runDate, lines, skipped);
    }
}

using MhAll.Training.Data;

namespace MhAll.Training.Domain;

/// <summary>Configuration section <c>FundedPosts</c>: how far apart reviewers' totals may be before an application is flagged.</summary>
public sealed class FundedPostOptions
{
    public const string Section = "FundedPosts";

    /// <summary>The largest difference between reviewers' totals, as a share of the highest possible total, that is not a disagreement.</summary>
    public double DisagreementSpread { get; set; } = 0.25;
}

/// <summary>
/// A reviewer's total is the weighted sum of their criterion scores (each weight times the score), out of the weighted
/// sum of the maximum scores. An application's aggregate is the mean of its reviewers' totals; reviewers disagree when
/// the highest and lowest totals differ by more than the configured share of the maximum.
/// </summary>
public static class ReviewScoring
{
    public sealed record Summary(int Reviewers, double? Aggregate, int MaxTotal, int? Spread, bool Disagreement);

    public static int MaxTotal(IEnumerable<ScoringCriterion> criteria) => criteria.Sum(c => c.Weight * c.MaxScore);

    public static int TotalOf(IReadOnlyList<ScoringCriterion> criteria, IEnumerable<CriterionScore> scores) =>
        scores.Sum(s => criteria.Single(c => c.Name == s.Criterion).Weight * s.Score);

    public static Summary Summarise(IReadOnlyList<ScoringCriterion> criteria, IReadOnlyList<int> totals, double disagreementSpread)
    {
        var max = MaxTotal(criteria);
        if (totals.Count == 0) return new Summary(0, null, max, null, false);
        var spread = totals.Max() - totals.Min();
        return new Summary(totals.Count, Math.Round(totals.Average(), 2), max, spread, spread > disagreementSpread * max);
    }
}

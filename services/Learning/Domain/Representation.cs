namespace MhAll.Learning.Domain;

/// <summary>A 95% (by default) confidence interval.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>
/// How well a group is represented: its share among the programme's people against its share of the local
/// population. The ratio's interval is the Wilson score interval of the programme share divided by the population
/// share, which comes from the Census and is treated as known.
/// </summary>
public static class Representation
{
    public const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static Interval Wilson(int successes, int trials, double z = Z95)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials), "At least one trial is needed.");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes));
        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Share in the programme ÷ share in the population, with its interval.</summary>
    public static (double Ratio, Interval Interval) Ratio(int count, int total, double populationShare)
    {
        if (populationShare <= 0) throw new ArgumentOutOfRangeException(nameof(populationShare), "The group must exist in the population.");
        var share = Wilson(count, total);
        return ((double)count / total / populationShare, new Interval(share.Low / populationShare, share.High / populationShare));
    }

    /// <summary>Under-represented for sure: even the interval's upper bound is below the threshold (0.8 by default).</summary>
    public static bool IsUnderRepresented(Interval ratio, double threshold = 0.8) => ratio.High < threshold;
}

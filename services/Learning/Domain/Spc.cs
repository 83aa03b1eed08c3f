namespace MhAll.Learning.Domain;

/// <summary>One period of a proportion indicator on a p-chart.</summary>
public sealed record SpcPoint(DateOnly PeriodStart, int Numerator, int Denominator, double Value, double Lower, double Upper);

public sealed record SpcSignal(DateOnly PeriodStart, string Rule);

public sealed record SpcChart(double Centre, double Median, IReadOnlyList<SpcPoint> Points, IReadOnlyList<SpcSignal> Signals);

/// <summary>
/// Statistical process control for proportions: a p-chart (centre p̄ = Σx/Σn, limits p̄ ± 3√(p̄(1−p̄)/nᵢ)), the run
/// chart's median, XmR limits, and two rules: a point beyond the limits, and a shift of 8 points in a row on one
/// side of the centre (a point on the centre line breaks the run).
/// </summary>
public static class Spc
{
    public const string BeyondLimits = "beyond-limits";
    public const string Shift = "shift";
    public const int ShiftLength = 8;

    public static SpcChart PChart(IReadOnlyList<(DateOnly PeriodStart, int Numerator, int Denominator)> periods)
    {
        var used = periods.Where(p => p.Denominator > 0).ToList();
        if (used.Count == 0) return new SpcChart(0, 0, [], []);
        var centre = used.Sum(p => (double)p.Numerator) / used.Sum(p => p.Denominator);
        var points = used.Select(p =>
        {
            var sigma = Math.Sqrt(centre * (1 - centre) / p.Denominator);
            return new SpcPoint(p.PeriodStart, p.Numerator, p.Denominator, (double)p.Numerator / p.Denominator,
                Math.Max(0, centre - 3 * sigma), Math.Min(1, centre + 3 * sigma));
        }).ToList();

        var signals = points.Where(p => p.Value > p.Upper || p.Value < p.Lower).Select(p => new SpcSignal(p.PeriodStart, BeyondLimits)).ToList();
        var run = 0;
        var side = 0;
        foreach (var point in points)
        {
            var current = Math.Sign(point.Value - centre);
            run = current != 0 && current == side ? run + 1 : current != 0 ? 1 : 0;
            side = current;
            if (run == ShiftLength) signals.Add(new SpcSignal(point.PeriodStart, Shift));
        }
        return new SpcChart(centre, Median(points.Select(p => p.Value)), points, signals.OrderBy(s => s.PeriodStart).ToList());
    }

    /// <summary>XmR (individuals) limits: mean ± 2.66 × the mean moving range.</summary>
    public static (double Centre, double Lower, double Upper) XmR(IReadOnlyList<double> values)
    {
        if (values.Count < 2) throw new ArgumentException("At least two values are needed.", nameof(values));
        var mean = values.Average();
        var movingRange = values.Zip(values.Skip(1), (a, b) => Math.Abs(b - a)).Average();
        return (mean, mean - 2.66 * movingRange, mean + 2.66 * movingRange);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

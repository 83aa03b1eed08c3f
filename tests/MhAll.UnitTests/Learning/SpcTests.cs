using MhAll.Learning.Domain;

namespace MhAll.UnitTests.Learning;

public sealed class SpcTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);

    private static List<(DateOnly, int, int)> Weeks(params (int X, int N)[] points) =>
        points.Select((p, i) => (Start.AddDays(7 * i), p.X, p.N)).ToList();

    [Fact]
    public void The_p_chart_centre_and_limits_match_hand_computed_values()
    {
        var chart = Spc.PChart(Weeks((2, 10), (3, 10), (5, 10)));
        Assert.Equal(1.0 / 3, chart.Centre, 10);
        Assert.Equal(0.780547, chart.Points[0].Upper, 6); // 1/3 + 3 * sqrt((1/3)(2/3)/10)
        Assert.Equal(0, chart.Points[0].Lower);
        Assert.Equal(0.3, chart.Median, 10);
        Assert.Empty(chart.Signals);
    }

    [Fact]
    public void A_point_beyond_the_limits_is_a_signal()
    {
        var chart = Spc.PChart(Weeks((10, 100), (11, 100), (9, 100), (10, 100), (40, 100), (10, 100)));
        var signal = Assert.Single(chart.Signals);
        Assert.Equal((Spc.BeyondLimits, Start.AddDays(28)), (signal.Rule, signal.PeriodStart));
    }

    [Fact]
    public void Eight_points_in_a_row_on_one_side_of_the_centre_are_a_shift()
    {
        var points = Enumerable.Repeat((20, 100), 8).Concat(Enumerable.Repeat((26, 100), 8)).ToArray();
        var chart = Spc.PChart(Weeks(points));
        Assert.Equal(2, chart.Signals.Count(s => s.Rule == Spc.Shift)); // the 8th below, then the 8th above
        Assert.Contains(chart.Signals, s => s.Rule == Spc.Shift && s.PeriodStart == Start.AddDays(7 * 15));
    }

    [Fact]
    public void Seven_in_a_row_is_not_yet_a_shift_and_empty_periods_are_left_out()
    {
        var chart = Spc.PChart(Weeks((3, 10), (3, 10), (3, 10), (3, 10), (3, 10), (3, 10), (3, 10), (0, 0), (5, 10)));
        Assert.DoesNotContain(chart.Signals, s => s.Rule == Spc.Shift);
        Assert.Equal(8, chart.Points.Count);
    }

    [Fact]
    public void Xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges()
    {
        var (centre, lower, upper) = Spc.XmR([1, 3, 2, 4]);
        Assert.Equal(2.5, centre, 10);
        Assert.Equal(2.5 - 2.66 * 5 / 3, lower, 10);
        Assert.Equal(2.5 + 2.66 * 5 / 3, upper, 10);
    }
}

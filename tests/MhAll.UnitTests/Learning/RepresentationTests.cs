using MhAll.Learning.Domain;

namespace MhAll.UnitTests.Learning;

public sealed class RepresentationTests
{
    // Expected values computed by hand from the Wilson score formula with z = 1.95996.
    [Theory]
    [InlineData(10, 100, 0.0552291, 0.1743657)]
    [InlineData(0, 50, 0.0, 0.0713476)]
    [InlineData(40, 55, 0.5976780, 0.8271925)]
    public void The_wilson_interval_matches_hand_computed_values(int count, int total, double low, double high)
    {
        var interval = Representation.Wilson(count, total);
        Assert.Equal(low, interval.Low, 6);
        Assert.Equal(high, interval.High, 6);
    }

    [Fact]
    public void The_ratio_is_the_programme_share_over_the_population_share_with_the_interval_scaled_alike()
    {
        var (ratio, interval) = Representation.Ratio(10, 100, populationShare: 0.2);
        Assert.Equal(0.5, ratio, 10);
        Assert.Equal(0.2761457, interval.Low, 6);
        Assert.Equal(0.8718283, interval.High, 6);
    }

    [Theory]
    [InlineData(0.79, true)]
    [InlineData(0.80, false)]
    [InlineData(1.20, false)]
    public void A_group_is_flagged_only_when_even_the_upper_bound_is_below_the_threshold(double high, bool flagged) =>
        Assert.Equal(flagged, Representation.IsUnderRepresented(new Interval(0.1, high)));

    [Fact]
    public void Impossible_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Representation.Wilson(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Representation.Wilson(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Representation.Ratio(1, 10, 0));
    }
}

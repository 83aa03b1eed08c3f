using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class PaymentRatesTests
{
    private static readonly DateOnly LastDayBefore = new(2025, 12, 15);
    private static readonly DateOnly FirstDayAfter = new(2025, 12, 16);

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(2750, "27.50")]
    [InlineData(49500, "495.00")]
    [InlineData(123456789, "1234567.89")]
    [InlineData(-5, "-0.05")]
    [InlineData(-1380, "-13.80")]
    public void Pence_render_as_pounds_with_two_decimals(long pence, string pounds)
    {
        Assert.Equal(pounds, new Pence(pence).ToPounds());
        Assert.Equal("£" + pounds, new Pence(pence).ToString());
    }

    [Fact]
    public void Pence_add_and_prorate_exactly()
    {
        Assert.Equal(new Pence(2750), Pence.FromPounds(27, 50));
        Assert.Equal(new Pence(30), Enumerable.Repeat(new Pence(10), 3).Sum());
        Assert.Equal(new Pence(1375), Pence.FromPounds(27, 50).Prorate(30, 60)); // half an hour
        Assert.Equal(new Pence(917), Pence.FromPounds(27, 50).Prorate(20, 60)); // 916.67 rounds up
        Assert.Equal(new Pence(1), new Pence(1).Prorate(1, 2)); // halves away from zero
        Assert.Equal(new Pence(-1), new Pence(-1).Prorate(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pence.FromPounds(1, 100));
    }

    [Theory]
    [InlineData(RateCategories.Hourly, 2500, 2750)]
    [InlineData(RateCategories.ShortTask, 1250, 1380)]
    [InlineData(RateCategories.Meeting, 7500, 8250)]
    [InlineData(RateCategories.SeniorRoleDay, 45000, 49500)]
    public void The_activity_date_picks_the_rate_across_the_16_December_2025_uplift(string category, long before, long after)
    {
        var rates = RateTable.NihrPublicInvolvement;
        Assert.Equal(new Pence(before), rates.RateOn(category, LastDayBefore)!.Amount);
        Assert.Equal(new Pence(after), rates.RateOn(category, FirstDayAfter)!.Amount);
        Assert.Equal(new Pence(after), rates.RateOn(category, new DateOnly(2027, 6, 1))!.Amount);
    }

    [Fact]
    public void The_seeded_rates_span_13_80_to_495_pounds_after_the_uplift_and_rose_about_10_percent()
    {
        var after = RateTable.NihrPublicInvolvement.Categories.Select(c => RateTable.NihrPublicInvolvement.RateOn(c, FirstDayAfter)!).ToList();
        Assert.Equal(Pence.FromPounds(13, 80), after.Min(r => r.Amount));
        Assert.Equal(Pence.FromPounds(495), after.Max(r => r.Amount));
        foreach (var rate in after)
        {
            var before = RateTable.NihrPublicInvolvement.RateOn(rate.Category, LastDayBefore)!.Amount;
            Assert.InRange(rate.Amount.Value * 100 / before.Value, 110, 111); // 10%, rounded up to 10p for the short task
        }
    }

    [Fact]
    public void A_rate_applies_from_its_date_until_the_next_and_a_category_without_one_yet_has_none()
    {
        var table = RateTable.NihrPublicInvolvement.With(new ActivityRate(RateCategories.Hourly, new DateOnly(2027, 4, 1), Pence.FromPounds(30), RateUnit.PerHour));
        Assert.Equal(Pence.FromPounds(27, 50), table.RateOn(RateCategories.Hourly, new DateOnly(2027, 3, 31))!.Amount);
        Assert.Equal(Pence.FromPounds(30), table.RateOn(RateCategories.Hourly, new DateOnly(2027, 4, 1))!.Amount);
        Assert.Null(table.RateOn(RateCategories.Hourly, new DateOnly(2020, 1, 1)));
        Assert.Null(table.RateOn("unknown", FirstDayAfter));
        Assert.Equal(Pence.FromPounds(27, 50), RateTable.NihrPublicInvolvement.RateOn(RateCategories.Hourly, new DateOnly(2027, 4, 1))!.Amount); // unchanged
    }

    [Fact]
    public void Two_rates_for_one_category_on_one_date_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RateTable.NihrPublicInvolvement.With(
            new ActivityRate(RateCategories.Meeting, FirstDayAfter, Pence.FromPounds(90), RateUnit.PerHalfDay)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateTable([new ActivityRate("x", FirstDayAfter, new Pence(-1), RateUnit.PerHour)]));
    }
}

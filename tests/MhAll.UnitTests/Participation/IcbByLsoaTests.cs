namespace MhAll.UnitTests.Participation;

/// <summary>
/// A volunteer's ICB is their LSOA's; eligibility by ICB counts the ICB's local authorities on the day (so that the
/// Essex authorities' move to NHS Essex ICB in April 2026 is kept). The two agree only while no authority of the
/// programme is split between ICBs, as some elsewhere are (North Hertfordshire, Cheshire West). This holds the
/// shipped tables to it: a split appearing in a new lookup fails here, and eligibility would then have to go by LSOA.
/// </summary>
public sealed class IcbByLsoaTests
{
    private static IEnumerable<string[]> Rows(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "ReferenceData", file)).Skip(1).Select(line => line.Split(','));

    [Fact]
    public void Every_lsoa_of_the_programme_lies_in_the_icb_of_its_local_authority()
    {
        // Each authority's ICB before any change of membership: the April 2024 lookup the LSOAs come from.
        var icbOfAuthority = Rows("local_authorities.csv").GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.MinBy(r => r[4])![2]);
        var lsoas = Rows("lsoa21_areas.csv").ToList();

        Assert.Equal(22, icbOfAuthority.Count);
        Assert.True(lsoas.Count > 2000, $"{lsoas.Count} LSOAs 2021");
        var elsewhere = lsoas.Where(r => icbOfAuthority[r[1]] != r[2]).Select(r => $"{r[0]} ({r[1]}): {r[2]}").ToList();
        Assert.Empty(elsewhere);
    }
}

using System.Globalization;
using System.IO.Compression;
using MhAll.Participation.Data;
using Xunit.Abstractions;

namespace MhAll.UnitTests.Participation;

/// <summary>
/// How often the fallback (point-in-polygon on the LSOA 2011 boundaries, then the exact-fit lookup) gives ONS's
/// answer, measured on one postcode in ten that the ONS lookup knows (ReferenceData/fallback_check.csv.gz, 5,336
/// postcodes of all 22 authorities). The figures are stated in services/Participation/ReferenceData/README.md.
/// </summary>
public sealed class AreaFallbackAccuracyTests(ITestOutputHelper output)
{
    private static readonly AreaResolver Resolver = AreaResolver.Load(Path.Combine(AppContext.BaseDirectory, "ReferenceData"));

    private sealed record Known(string Postcode, double Latitude, double Longitude, double Easting, double Northing, string Lsoa21Code,
        string Lsoa11Code, string LocalAuthorityCode, int Imd2025Decile);

    private static List<Known> Sample()
    {
        using var file = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "fallback_check.csv.gz")),
            CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        reader.ReadLine();
        var rows = new List<Known>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            rows.Add(new Known(f[0], D(f[1]), D(f[2]), D(f[3]), D(f[4]), f[5], f[6], f[7], int.Parse(f[8], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    private static (double Lsoa21, double Lsoa11, double Authority, double Imd2025) Agreement(List<Known> sample, Func<Known, PostcodeArea?> resolve)
    {
        var answers = sample.Select(k => (Known: k, Area: resolve(k))).ToList();
        double Share(Func<Known, PostcodeArea, bool> same) => answers.Count(a => a.Area is { } area && same(a.Known, area)) / (double)answers.Count;
        return (Share((k, a) => a.Lsoa21Code == k.Lsoa21Code), Share((k, a) => a.Lsoa11Code == k.Lsoa11Code),
            Share((k, a) => a.LocalAuthorityCode == k.LocalAuthorityCode), Share((k, a) => a.Imd2025Decile == k.Imd2025Decile));
    }

    [Fact]
    public void From_latitude_and_longitude_the_fallback_gives_the_true_lsoa_2011_99_times_in_100_and_lsoa_2021_94()
    {
        var sample = Sample();
        Assert.True(sample.Count > 5000);
        var (lsoa21, lsoa11, authority, imd) = Agreement(sample, k => Resolver.Locate(k.Postcode, k.Latitude, k.Longitude));
        output.WriteLine($"{sample.Count} postcodes, from NSPL latitude/longitude: LSOA 2021 {lsoa21:P1}, LSOA 2011 {lsoa11:P1}, " +
            $"local authority {authority:P1}, IMD 2025 decile {imd:P1}");
        // Measured: LSOA 2011 99.0%, LSOA 2021 94.4% (a split LSOA goes to its largest part), local authority 100%,
        // IMD 2025 decile 95.3%. The bounds leave room for a new edition of the boundaries, not for a broken fallback.
        Assert.InRange(lsoa11, 0.98, 1);
        Assert.InRange(lsoa21, 0.93, 1);
        Assert.InRange(authority, 0.995, 1);
        Assert.InRange(imd, 0.94, 1);
    }

    [Fact]
    public void From_code_point_eastings_and_northings_through_projnet_it_is_as_good()
    {
        var sample = Sample();
        var (lsoa21, lsoa11, authority, imd) = Agreement(sample, k =>
        {
            var (latitude, longitude) = Resolver.ToWgs84(k.Easting, k.Northing);
            return Resolver.Locate(k.Postcode, latitude, longitude);
        });
        output.WriteLine($"{sample.Count} postcodes, from Code-Point grid references: LSOA 2021 {lsoa21:P1}, LSOA 2011 {lsoa11:P1}, " +
            $"local authority {authority:P1}, IMD 2025 decile {imd:P1}");
        Assert.InRange(lsoa11, 0.98, 1);
        Assert.InRange(lsoa21, 0.93, 1);
        Assert.InRange(authority, 0.995, 1);
    }

    [Fact]
    public void The_grid_conversion_lands_within_a_few_metres_of_the_published_latitude_and_longitude()
    {
        // Code-Point E1W 1AA is 533847, 180412; NSPL May 2025 gives 51.50679, -0.07277 (5 decimals: about a metre).
        var (latitude, longitude) = Resolver.ToWgs84(533847, 180412);
        Assert.Equal(51.50679, latitude, 0.0002);
        Assert.Equal(-0.07277, longitude, 0.0003);
    }

    [Fact]
    public void A_point_outside_the_programme_area_is_placed_nowhere()
    {
        Assert.Null(Resolver.Locate("SW1A 1AA", 51.50101, -0.14159)); // Buckingham Palace, Westminster
        Assert.Null(Resolver.Locate("M1 1AE", 53.4794, -2.2453)); // Manchester
    }
}

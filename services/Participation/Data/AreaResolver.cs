using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO.Converters;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace MhAll.Participation.Data;

/// <summary>
/// Places a postcode the ONS lookup does not know (Wapping's E1W, the City's EC, postcodes newer than the lookup) from
/// its position: point-in-polygon on the LSOA 2011 boundaries, then LSOA 2021 through the exact-fit lookup; the
/// nearest LSOA centroid only when the point falls in no polygon (the boundaries are generalised). Every answer is
/// labelled approximate. Also completes an imported directory row from its LSOA codes. Loaded when a table is
/// (re)built, not per request.
/// </summary>
public sealed class AreaResolver
{
    /// <summary>An LSOA 2011 of the area with the LSOA 2021 it became (a split one: its largest part) and both deciles.</summary>
    public sealed record Lsoa11Area(string Lsoa11Code, string Lsoa21Code, string LocalAuthorityCode, string IcbCode, int Imd2019Decile,
        int Imd2025Decile, double Latitude, double Longitude);

    public sealed record Lsoa21Area(string Lsoa21Code, string LocalAuthorityCode, string IcbCode, int Imd2025Decile, string Lsoa11Code);

    /// <summary>Farther than this from every centroid, a point is not in the programme's area.</summary>
    private const double NearestCentroidLimitMetres = 3_000;

    // EPSG:27700 with the OSGB36 → WGS84 Helmert parameters (EPSG:1314); good to a few metres, as Code-Point's grid is.
    private const string BritishNationalGrid =
        "PROJCS[\"OSGB 1936 / British National Grid\",GEOGCS[\"OSGB 1936\",DATUM[\"OSGB_1936\",SPHEROID[\"Airy 1830\",6377563.396,299.3249646]," +
        "TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
        "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",49],PARAMETER[\"central_meridian\",-2]," +
        "PARAMETER[\"scale_factor\",0.9996012717],PARAMETER[\"false_easting\",400000],PARAMETER[\"false_northing\",-100000],UNIT[\"metre\",1]]";

    private readonly STRtree<(string Lsoa11Code, IPreparedGeometry Shape)> _shapes;
    private readonly GeometryFactory _factory = new(new PrecisionModel(), 4326);
    private readonly MathTransform _gridToWgs84;

    public IReadOnlyDictionary<string, Lsoa11Area> Lsoa11 { get; }
    public IReadOnlyDictionary<string, Lsoa21Area> Lsoa21 { get; }

    private AreaResolver(IReadOnlyDictionary<string, Lsoa11Area> lsoa11, IReadOnlyDictionary<string, Lsoa21Area> lsoa21,
        STRtree<(string, IPreparedGeometry)> shapes)
    {
        Lsoa11 = lsoa11;
        Lsoa21 = lsoa21;
        _shapes = shapes;
        var grid = new CoordinateSystemFactory().CreateFromWkt(BritishNationalGrid);
        _gridToWgs84 = new CoordinateTransformationFactory().CreateFromCoordinateSystems(grid, GeographicCoordinateSystem.WGS84).MathTransform;
    }

    public static AreaResolver Load(string directory)
    {
        static IEnumerable<string[]> Rows(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static double Real(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        var lsoa11 = Rows(Path.Combine(directory, "lsoa11_areas.csv"))
            .Select(r => new Lsoa11Area(r[0], r[1], r[2], r[3], Int(r[4]), Int(r[5]), Real(r[6]), Real(r[7])))
            .ToDictionary(a => a.Lsoa11Code);
        var lsoa21 = Rows(Path.Combine(directory, "lsoa21_areas.csv"))
            .Select(r => new Lsoa21Area(r[0], r[1], r[2], Int(r[3]), r[4])).ToDictionary(a => a.Lsoa21Code);

        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        using var file = new GZipStream(File.OpenRead(Path.Combine(directory, "lsoa11_boundaries.geojson.gz")), CompressionMode.Decompress);
        var features = JsonSerializer.Deserialize<FeatureCollection>(file, options) ?? throw new InvalidDataException("No LSOA boundaries.");
        var shapes = new STRtree<(string, IPreparedGeometry)>();
        foreach (var feature in features)
            shapes.Insert(feature.Geometry.EnvelopeInternal, ((string)feature.Attributes["LSOA11CD"], PreparedGeometryFactory.Prepare(feature.Geometry)));
        shapes.Build();
        return new AreaResolver(lsoa11, lsoa21, shapes);
    }

    /// <summary>British National Grid (Code-Point's eastings and northings) → WGS84 latitude and longitude.</summary>
    public (double Latitude, double Longitude) ToWgs84(double easting, double northing)
    {
        var lonLat = _gridToWgs84.Transform([easting, northing]);
        return (lonLat[1], lonLat[0]);
    }

    /// <summary>The LSOA 2011 a point lies in; the nearest centroid within 3 km when it lies in none; null when neither.</summary>
    public Lsoa11Area? LocateLsoa11(double latitude, double longitude)
    {
        var point = _factory.CreatePoint(new Coordinate(longitude, latitude));
        foreach (var (code, shape) in _shapes.Query(point.EnvelopeInternal))
            if (shape.Covers(point)) return Lsoa11[code];
        var nearest = Lsoa11.Values.MinBy(a => DistanceMetres(latitude, longitude, a.Latitude, a.Longitude));
        return nearest is not null && DistanceMetres(latitude, longitude, nearest.Latitude, nearest.Longitude) <= NearestCentroidLimitMetres
            ? nearest : null;
    }

    /// <summary>A postcode placed from its position, labelled approximate; null outside the programme's area.</summary>
    public PostcodeArea? Locate(string postcode, double latitude, double longitude) =>
        LocateLsoa11(latitude, longitude) is { } lsoa11 && Lsoa21.TryGetValue(lsoa11.Lsoa21Code, out var lsoa21)
            ? new PostcodeArea
            {
                Postcode = postcode, Lsoa21Code = lsoa21.Lsoa21Code, Lsoa11Code = lsoa11.Lsoa11Code, LocalAuthorityCode = lsoa21.LocalAuthorityCode,
                IcbCode = lsoa21.IcbCode, Imd2025Decile = lsoa21.Imd2025Decile, Imd2019Decile = lsoa11.Imd2019Decile,
                Lsoa21Method = AreaMethods.Approximate, Lsoa11Method = AreaMethods.Approximate,
            }
            : null;

    /// <summary>Equirectangular distance: exact enough across a few kilometres.</summary>
    private static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadius = 6_371_000;
        var x = (lon2 - lon1) * Math.PI / 180 * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180);
        var y = (lat2 - lat1) * Math.PI / 180;
        return Math.Sqrt(x * x + y * y) * earthRadius;
    }
}

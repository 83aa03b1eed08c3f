namespace MhAll.Participation.Data;

/// <summary>
/// Where a postcode lies, in both editions: LSOA 2021 with its IMD 2025 decile, LSOA 2011 with its IMD 2019 decile,
/// the local authority and the ICB of the LSOA (see ReferenceData/README.md), and how each LSOA was found.
/// </summary>
public sealed class PostcodeArea
{
    /// <summary>Upper case with one space before the inward code, e.g. "E14 5AB".</summary>
    public required string Postcode { get; init; }
    public required string Lsoa21Code { get; init; }
    public required string Lsoa11Code { get; init; }
    public required string LocalAuthorityCode { get; init; }
    /// <summary>The ICB of the LSOA 2021 in the April 2024 lookup; later changes come from <see cref="Domain.Areas.IcbOn"/>.</summary>
    public required string IcbCode { get; init; }
    public int Imd2025Decile { get; init; }
    public int Imd2019Decile { get; init; }
    /// <summary><see cref="AreaMethods"/>: exact when the ONS lookup gives the LSOA 2021.</summary>
    public required string Lsoa21Method { get; init; }
    /// <summary>Exact when the LSOA 2021 came from one LSOA 2011 (ONS best fit) or the directory gave it.</summary>
    public required string Lsoa11Method { get; init; }
}

/// <summary>How an area was found: from the ONS lookup, or from the postcode's position (point-in-polygon, nearest centroid).</summary>
public static class AreaMethods
{
    public const string Exact = "exact";
    public const string Approximate = "approximate";
}

/// <summary>The edition of a reference table in force: which files it came from, and since when (one row per table).</summary>
public sealed class ReferenceEdition
{
    public const string PostcodeAreas = "postcode-areas";

    public required string Table { get; init; }
    public required string Edition { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}

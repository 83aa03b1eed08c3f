namespace MhAll.Participation.Data;

/// <summary>Where a postcode lies: LSOA 2011 (approximate), local authority and IMD 2019 decile (see ReferenceData/README.md).</summary>
public sealed class PostcodeArea
{
    /// <summary>Upper case with one space before the inward code, e.g. "E14 5AB".</summary>
    public required string Postcode { get; init; }
    public required string Lsoa11Code { get; init; }
    public required string LocalAuthorityCode { get; init; }
    public int ImdDecile { get; init; }
    /// <summary>True for rows from the ONS Postcode Directory; false for the shipped nearest-centroid approximation.</summary>
    public bool Exact { get; init; }
}

namespace MhAll.Learning.Data;

/// <summary>
/// Residents of one group in one local authority, from one edition of an official source (e.g. Census 2021).
/// A new edition is added beside the old one, never over it, so past reports can be reproduced.
/// </summary>
public sealed class PopulationBaseline
{
    public required string Edition { get; init; }
    /// <summary>ethnic-group, sex-age ("female:25-34") or imd-decile ("3").</summary>
    public required string Dimension { get; init; }
    public required string AreaCode { get; init; }
    public required string Group { get; init; }
    public int Residents { get; init; }
    public required string Source { get; init; }
    public DateOnly EffectiveFrom { get; init; }
}

/// <summary>A local authority of the programme and the ICB it belonged to from a date (ICBs change: see the README).</summary>
public sealed class LocalAuthority
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string IcbCode { get; init; }
    public required string IcbName { get; init; }
    public DateOnly EffectiveFrom { get; init; }
}

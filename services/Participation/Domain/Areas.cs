using System.Collections.Frozen;

namespace MhAll.Participation.Domain;

/// <summary>A local authority's ICB from a date on (ICBs change: Mid and South Essex merged into NHS Essex on 1 April 2026).</summary>
public sealed record AreaMembership(string LocalAuthorityCode, string LocalAuthorityName, string IcbCode, string IcbName, DateOnly EffectiveFrom);

/// <summary>
/// The programme's 22 local authorities with their ICB over time, and their adult populations by group, from
/// ReferenceData/ (see its README). Loaded once: a few hundred rows.
/// </summary>
public sealed class Areas
{
    private readonly IReadOnlyList<AreaMembership> _memberships;
    private readonly FrozenDictionary<(string La, string Dimension, string Group), long> _population;

    public Areas(IReadOnlyList<AreaMembership> memberships, IEnumerable<(string La, string Dimension, string Group, long Residents)> population)
    {
        _memberships = memberships;
        _population = population.ToFrozenDictionary(p => (p.La, p.Dimension, p.Group), p => p.Residents);
    }

    public static Areas Load(string directory)
    {
        static IEnumerable<string[]> Rows(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
        var memberships = Rows(Path.Combine(directory, "local_authorities.csv"))
            .Select(r => new AreaMembership(r[0], r[1], r[2], r[3], DateOnly.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var population = Rows(Path.Combine(directory, "population_by_area.csv")).Select(r => (r[0], r[1], r[2], long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)));
        return new Areas(memberships, population);
    }

    public IReadOnlyCollection<string> LocalAuthorityCodes => _memberships.Select(m => m.LocalAuthorityCode).Distinct().ToList();

    public bool IsLocalAuthority(string code) => _memberships.Any(m => m.LocalAuthorityCode == code);

    /// <summary>The membership in force on <paramref name="date"/>: the latest that started on or before it.</summary>
    public AreaMembership? MembershipOn(string localAuthorityCode, DateOnly date) => _memberships
        .Where(m => m.LocalAuthorityCode == localAuthorityCode && m.EffectiveFrom <= date)
        .MaxBy(m => m.EffectiveFrom);

    /// <summary>The date of the LSOA → ICB lookup behind each postcode's ICB (ONS, April 2024).</summary>
    public static readonly DateOnly IcbByLsoaFrom = new(2024, 4, 1);

    /// <summary>
    /// The ICB of a place on a date: the ICB of its LSOA (a local authority need not lie in one ICB), unless its
    /// authority's membership changed after the LSOA lookup was made (NHS Essex ICB from 1 April 2026).
    /// </summary>
    public (string Code, string Name)? IcbOn(string localAuthorityCode, string? lsoaIcbCode, DateOnly date)
    {
        if (MembershipOn(localAuthorityCode, date) is not { } membership) return null;
        if (lsoaIcbCode is null || membership.EffectiveFrom > IcbByLsoaFrom || lsoaIcbCode == membership.IcbCode)
            return (membership.IcbCode, membership.IcbName);
        return (lsoaIcbCode, _memberships.FirstOrDefault(m => m.IcbCode == lsoaIcbCode)?.IcbName ?? lsoaIcbCode);
    }

    public IReadOnlyCollection<string> IcbCodesOn(DateOnly date) =>
        LocalAuthorityCodes.Select(la => MembershipOn(la, date)?.IcbCode).OfType<string>().Distinct().ToList();

    /// <summary>The local authorities in an ICB on a date; empty when the code is no ICB then.</summary>
    public IReadOnlyList<string> LocalAuthoritiesOfIcb(string icbCode, DateOnly date) =>
        LocalAuthorityCodes.Where(la => MembershipOn(la, date)?.IcbCode == icbCode).ToList();

    /// <summary>Adult residents of the given local authorities in each group of a dimension (ethnic-group, imd-decile, age-band).</summary>
    public IReadOnlyDictionary<string, long> Population(IEnumerable<string> localAuthorities, string dimension)
    {
        var result = new Dictionary<string, long>();
        var areas = localAuthorities.ToHashSet();
        foreach (var ((la, dim, group), residents) in _population)
            if (dim == dimension && areas.Contains(la)) result[group] = result.GetValueOrDefault(group) + residents;
        return result;
    }
}

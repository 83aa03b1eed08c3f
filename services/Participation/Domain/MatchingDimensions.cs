namespace MhAll.Participation.Domain;

/// <summary>The three dimensions matching balances, in a fixed order: ethnic broad group, IMD quintile, age band.</summary>
public static class MatchingDimensions
{
    public static readonly string[] Names = ["ethnic-broad-group", "imd-quintile", "age-band"];

    public static string?[] GroupsOf(string? ethnicGroup, int? imdDecile, int? yearOfBirth, int currentYear) =>
        [BroadGroup(ethnicGroup), Quintile(imdDecile), yearOfBirth is { } year ? AgeBands.Of(year, currentYear) : null];

    /// <summary>"asian-bangladeshi" → "asian"; a broad group (an erased volunteer's row keeps only that) is itself; null when not stated or prefer-not-to-say.</summary>
    public static string? BroadGroup(string? ethnicGroup) =>
        ethnicGroup is null ? null
        : EthnicGroups.BroadGroupOf.TryGetValue(ethnicGroup, out var broad) ? broad
        : EthnicGroups.BroadGroups.Contains(ethnicGroup) ? ethnicGroup : null;

    /// <summary>IMD decile → quintile ("1" = the most deprived fifth).</summary>
    public static string? Quintile(int? imdDecile) =>
        imdDecile is { } decile ? ((decile + 1) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Each group's share of the adult population of the given local authorities, per dimension (IMD in the given edition).</summary>
    public static IReadOnlyDictionary<string, double>[] PopulationShares(Areas areas, IReadOnlyCollection<string> localAuthorities, int imdEdition)
    {
        var ethnic = Regroup(areas.Population(localAuthorities, "ethnic-group"), BroadGroup);
        var imd = Regroup(areas.Population(localAuthorities, ImdEditions.PopulationDimension(imdEdition)), d => Quintile(int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)));
        var age = Regroup(areas.Population(localAuthorities, "age-band"), b => b);
        return [Shares(ethnic), Shares(imd), Shares(age)];
    }

    private static Dictionary<string, long> Regroup(IReadOnlyDictionary<string, long> counts, Func<string, string?> group)
    {
        var result = new Dictionary<string, long>();
        foreach (var (key, n) in counts)
            if (group(key) is { } g) result[g] = result.GetValueOrDefault(g) + n;
        return result;
    }

    private static Dictionary<string, double> Shares(Dictionary<string, long> counts)
    {
        var total = counts.Values.Sum();
        return counts.ToDictionary(c => c.Key, c => total == 0 ? 0 : c.Value / (double)total);
    }
}

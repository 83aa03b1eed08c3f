namespace MhAll.Panel.Domain.Matching;

/// <summary>
/// The local population's share of each category per dimension (e.g. Census 2021 for the programme's boroughs),
/// held as integer parts per million, normalised per dimension so every comparison is exact and order-free. A
/// dimension with no shares is left out of diversity; a category with no share (not recorded, prefer not to say)
/// counts as neutral.
/// </summary>
public sealed class PopulationShares
{
    public const long Million = 1_000_000;

    private readonly Dictionary<EqualityDimension, Dictionary<string, long>> partsPerMillion = [];

    public PopulationShares(IReadOnlyDictionary<EqualityDimension, IReadOnlyDictionary<string, double>> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        foreach (var (dimension, categories) in shares)
        {
            var total = categories.Values.Sum();
            if (categories.Values.Any(v => v < 0 || double.IsNaN(v)) || total <= 0)
                throw new ArgumentException($"Shares for {dimension} must be non-negative and sum to more than 0.", nameof(shares));
            partsPerMillion[dimension] = categories.ToDictionary(c => c.Key, c => (long)Math.Round(c.Value / total * Million), StringComparer.Ordinal);
        }
    }

    public static PopulationShares None { get; } = new(new Dictionary<EqualityDimension, IReadOnlyDictionary<string, double>>());

    public IEnumerable<EqualityDimension> Dimensions => partsPerMillion.Keys.Order();

    /// <summary>The category's share in parts per million, 0 when the dimension or category is not known.</summary>
    public long PartsPerMillion(EqualityDimension dimension, string? category) =>
        category is not null && partsPerMillion.TryGetValue(dimension, out var categories) && categories.TryGetValue(category, out var share) ? share : 0;
}

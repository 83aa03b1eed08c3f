namespace MhAll.Panel.Domain.Payments;

/// <summary>What one payment of a rate covers: an hour of involvement, a half day (up to 4 hours) or a whole activity.</summary>
public enum RateUnit { PerHour, PerHalfDay, PerActivity }

/// <summary>A category's rate from <see cref="EffectiveFrom"/> until the category's next rate takes effect.</summary>
public sealed record ActivityRate(string Category, DateOnly EffectiveFrom, Pence Amount, RateUnit Unit);

/// <summary>The programme's activity rate categories (codes stored with each activity and claim).</summary>
public static class RateCategories
{
    /// <summary>Per hour of involvement, preparation included: reviews, interviews, most tasks.</summary>
    public const string Hourly = "hourly";

    /// <summary>A short one-off task (a quick survey, a brief comment): one fixed payment, the lowest rate.</summary>
    public const string ShortTask = "short-task";

    /// <summary>Meetings, advisory groups and workshops: per half day of up to 4 hours; preparation paid at the hourly rate.</summary>
    public const string Meeting = "meeting";

    /// <summary>A demanding role for a day (chairing, co-applicant or committee work with heavy reading): one fixed payment, the highest rate.</summary>
    public const string SeniorRoleDay = "senior-role-day";
}

/// <summary>
/// Rates per category with effective dates (docs/decisions/0010). The activity's date picks the rate: the latest
/// one effective on or before it. Immutable: <see cref="With"/> returns a new table.
/// </summary>
public sealed class RateTable
{
    /// <summary>The date NIHR's 10% uplift took effect.</summary>
    public static readonly DateOnly NihrUplift2025 = new(2025, 12, 16);

    private readonly Dictionary<string, ActivityRate[]> byCategory;

    public RateTable(IEnumerable<ActivityRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var list = rates.ToList();
        foreach (var rate in list)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(rate.Category, nameof(rates));
            ArgumentOutOfRangeException.ThrowIfNegative(rate.Amount.Value, nameof(rates));
        }
        byCategory = list.GroupBy(r => r.Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderBy(r => r.EffectiveFrom).ToArray();
            for (var i = 1; i < ordered.Length; i++)
                if (ordered[i].EffectiveFrom == ordered[i - 1].EffectiveFrom)
                    throw new ArgumentException($"Two rates for {g.Key} take effect on {ordered[i].EffectiveFrom:yyyy-MM-dd}.", nameof(rates));
            return ordered;
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// The programme's seed: NIHR's recommended public involvement rates before and from 16 December 2025, when they
    /// rose 10% (to between £13.80 and £495). Sources and the categories' basis in docs/decisions/0010.
    /// </summary>
    public static RateTable NihrPublicInvolvement { get; } = new(
    [
        new(RateCategories.Hourly, new DateOnly(2022, 8, 31), Pence.FromPounds(25), RateUnit.PerHour),
        new(RateCategories.Hourly, NihrUplift2025, Pence.FromPounds(27, 50), RateUnit.PerHour),
        new(RateCategories.ShortTask, new DateOnly(2022, 8, 31), Pence.FromPounds(12, 50), RateUnit.PerActivity),
        new(RateCategories.ShortTask, NihrUplift2025, Pence.FromPounds(13, 80), RateUnit.PerActivity),
        new(RateCategories.Meeting, new DateOnly(2022, 8, 31), Pence.FromPounds(75), RateUnit.PerHalfDay),
        new(RateCategories.Meeting, NihrUplift2025, Pence.FromPounds(82, 50), RateUnit.PerHalfDay),
        new(RateCategories.SeniorRoleDay, new DateOnly(2022, 8, 31), Pence.FromPounds(450), RateUnit.PerActivity),
        new(RateCategories.SeniorRoleDay, NihrUplift2025, Pence.FromPounds(495), RateUnit.PerActivity),
    ]);

    public IEnumerable<string> Categories => byCategory.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<ActivityRate> All => Categories.SelectMany(c => byCategory[c]);

    /// <summary>A new table with one more rate (e.g. the next uplift), effective from its date.</summary>
    public RateTable With(ActivityRate rate) => new([.. All, rate]);

    /// <summary>The rate in force for the category on the activity's date, or null when the category has none yet.</summary>
    public ActivityRate? RateOn(string category, DateOnly activityDate)
    {
        if (!byCategory.TryGetValue(category, out var rates)) return null;
        ActivityRate? found = null;
        foreach (var rate in rates)
        {
            if (rate.EffectiveFrom > activityDate) break;
            found = rate;
        }
        return found;
    }
}

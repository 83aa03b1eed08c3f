namespace MhAll.Training.Domain;

/// <summary>
/// Defaults for a new session's priority places (configuration section <c>PriorityPlaces</c>): the share of its places
/// kept for under-served staff groups, and how many days before the start they are released to everyone. A
/// coordinator may set either per session.
/// </summary>
public sealed class PriorityPlacesOptions
{
    public const string Section = "PriorityPlaces";

    public double Share { get; set; } = 0.25;
    public int ReleaseDaysBeforeStart { get; set; } = 7;

    /// <summary>Places kept for under-served groups out of <paramref name="capacity"/>: the share, rounded down.</summary>
    public static int ReservedOf(int capacity, double share) => (int)Math.Floor(capacity * share + 1e-9);
}

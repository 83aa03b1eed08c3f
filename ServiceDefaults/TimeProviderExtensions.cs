namespace MhAll;

public static class TimeProviderExtensions
{
    /// <summary>Today's date in UTC: the date reference data and rolling windows are read against.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

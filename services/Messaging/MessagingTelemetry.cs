using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MhAll.Messaging;

/// <summary>Traces and metrics of the outbox and inbox (source and meter "MhAll.Messaging").</summary>
public static class MessagingTelemetry
{
    public const string Name = "MhAll.Messaging";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("mhall.outbox.published", "{message}",
        "Outbox rows published and confirmed by the broker.");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("mhall.outbox.publish_failures", "{message}",
        "Outbox rows whose publish failed and will be retried.");
    public static readonly Counter<long> DuplicatesSkipped = Meter.CreateCounter<long>("mhall.inbox.duplicates_skipped", "{message}",
        "Deliveries the inbox recognised as already handled.");

    private static readonly Dictionary<string, double> OldestUnsentAge = [];
    private static readonly Lock AgeLock = new();

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("mhall.outbox.oldest_unsent_age", ObserveOldestUnsentAge, "s",
            "Age of the oldest outbox row not yet published, per database.");
    }

    /// <summary>Set by the relay after each pass; 0 when the outbox is empty.</summary>
    public static void ReportOldestUnsentAge(string database, TimeSpan age)
    {
        lock (AgeLock) OldestUnsentAge[database] = age.TotalSeconds;
    }

    private static IEnumerable<Measurement<double>> ObserveOldestUnsentAge()
    {
        lock (AgeLock)
            return OldestUnsentAge.Select(e => new Measurement<double>(e.Value, new KeyValuePair<string, object?>("db.name", e.Key))).ToList();
    }
}

namespace MhAll.Messaging;

/// <summary>Settings of the outbox relay, the inbox and the consumers (section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>
    /// Whether this instance runs the outbox relay. Off for a replica that should only consume; the outbox
    /// then waits for a replica that relays (rows are never lost, only delayed).
    /// </summary>
    public bool RelayEnabled { get; set; } = true;
    /// <summary>
    /// Passes one relay runs at once, each claiming its own batch: while one waits for PostgreSQL, another
    /// publishes. Rows are never claimed twice (SKIP LOCKED), so this only changes speed.
    /// </summary>
    public int RelayConcurrency { get; set; } = 4;
    /// <summary>Most outbox rows one relay pass claims and publishes at once.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>Safety net for a missed notification: the relay looks at the outbox at least this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a publish may wait for the broker's confirm before the row is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Longest pause of the relay after the broker failed a whole batch.</summary>
    public TimeSpan MaxRelayBackoff { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Longest pause before a single failing row is tried again.</summary>
    public TimeSpan MaxRowBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Sent rows are kept this long (for investigation), then purged.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Inbox rows are kept this long; longer than any redelivery path, and never under 7 days.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(8);
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Messages the broker hands a consumer before acknowledgements (MassTransit's default on 2 cores is 4).</summary>
    public int PrefetchCount { get; set; } = 128;
    /// <summary>Messages handled at once per endpoint; consumers wait mostly on PostgreSQL (measured best of 1, 16, 32, 64 on 2 cores).</summary>
    public int ConcurrentMessageLimit { get; set; } = 32;
    /// <summary>Retries of a failing message before it goes to the endpoint's <c>_error</c> queue.</summary>
    public int RetryLimit { get; set; } = 5;
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>
    /// Retries of a message whose failure time mends: it arrived before the event it depends on
    /// (<see cref="Inbox.EarlyEventException"/>), or the database cannot be reached (restarting, failing over). Waits
    /// grow from 1 s to 2 min, about 2 min in all: long enough for a backlog to drain or a database to come back,
    /// instead of filling the <c>_error</c> queue. After the last, the message goes there like any other failure.
    /// </summary>
    public int PatientRetryLimit { get; set; } = 7;
    public TimeSpan PatientRetryMinInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PatientRetryMaxInterval { get; set; } = TimeSpan.FromMinutes(2);
}

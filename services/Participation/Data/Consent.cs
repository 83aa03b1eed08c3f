namespace MhAll.Participation.Data;

/// <summary>A version of the consent-to-contact text. Texts are added, never changed.</summary>
public sealed class ConsentText
{
    public int Version { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
}

/// <summary>
/// One entry of a volunteer's consent history: who recorded which decision on which version of the text, when and
/// how. Append-only: no code path updates or deletes an entry, except erasure, which moves it to the anonymised row,
/// removes who recorded it and keeps its time to the month (docs/decisions/0004).
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; init; }
    public Guid VolunteerId { get; set; }
    public int Version { get; init; }
    /// <summary>given or withdrawn.</summary>
    public required string Decision { get; init; }
    /// <summary>online, phone or paper; assisted for a decision staff recorded for the volunteer.</summary>
    public required string Method { get; init; }
    /// <summary>The sign-in that recorded it: the volunteer, or the staff member for an assisted sign-up.</summary>
    public string? RecordedBy { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class ConsentDecisions
{
    public const string Given = "given";
    public const string Withdrawn = "withdrawn";
    public const string Online = "online";
    /// <summary>Recorded by programme staff for the volunteer (e.g. a withdrawal asked for by phone).</summary>
    public const string Assisted = "assisted";
}

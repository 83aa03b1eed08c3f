namespace MhAll.Training.Data;

/// <summary>
/// A member of staff appointed research champion by programme staff, after completing the champion course. The
/// organisation and its ICB are those of their profile when appointed: coverage counts them there.
/// </summary>
public sealed class Champion
{
    public Guid Id { get; init; }
    public Guid ProfileId { get; init; }
    public Guid OrganisationId { get; init; }
    public string? IcbCode { get; init; }
    /// <summary>One of <see cref="ChampionStatuses"/>.</summary>
    public string Status { get; set; } = ChampionStatuses.Active;
    public DateOnly AppointedOn { get; init; }
    /// <summary>The "sub" of the coordinator who appointed them.</summary>
    public required string AppointedBy { get; init; }
    public DateOnly? StoodDownOn { get; set; }
    public string? StoodDownBy { get; set; }
    public string? StoodDownReason { get; set; }
    /// <summary>PostgreSQL's xmin: two stand-downs at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

public static class ChampionStatuses
{
    public const string Active = "active";
    public const string StoodDown = "stood-down";

    public static readonly string[] All = [Active, StoodDown];
}

/// <summary>What a champion did to promote research, as they record it.</summary>
public sealed class ChampionActivity
{
    public Guid Id { get; init; }
    public Guid ChampionId { get; init; }
    /// <summary>One of <see cref="ChampionActivityKinds"/>.</summary>
    public required string Kind { get; init; }
    public DateOnly On { get; init; }
    /// <summary>People reached (a talk, a study promoted) or conversations held (signposting).</summary>
    public int Count { get; init; }
    /// <summary>The study promoted or signposted to, by its Participation id, when there is one.</summary>
    public Guid? StudyId { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public static class ChampionActivityKinds
{
    public const string Talk = "talk";
    public const string SignpostingConversation = "signposting-conversation";
    public const string StudyPromoted = "study-promoted";

    public static readonly string[] All = [Talk, SignpostingConversation, StudyPromoted];
}

namespace MhAll.Panel.Data;

/// <summary>A researcher asks the Panel for involvement; a coordinator triages it. Holds study text, no member's personal data.</summary>
public sealed class InvolvementRequest
{
    public Guid Id { get; init; }
    /// <summary>The researcher's "sub": they (and coordinators) read and change it.</summary>
    public required string OwnerSubjectId { get; init; }
    /// <summary>One of <see cref="Domain.InvolvementTypes"/>.</summary>
    public required string Type { get; set; }
    /// <summary>The Participation study it is about, when there is one.</summary>
    public Guid? StudyId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>Null until said (a request made from a study's ask for Panel review starts without it).</summary>
    public int? MembersWanted { get; set; }
    public List<string> LivedExperienceWanted { get; set; } = [];
    public List<string> SkillsWanted { get; set; } = [];
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateOnly? RespondBy { get; set; }
    public decimal? EstimatedHours { get; set; }
    public decimal PreparationHours { get; set; }
    /// <summary>One of <see cref="Domain.InvolvementFormats"/>; null until said.</summary>
    public string? Format { get; set; }
    /// <summary>One of <see cref="Domain.RequestStatuses"/>.</summary>
    public required string Status { get; set; }
    /// <summary>One of <see cref="Domain.RequestSources"/>.</summary>
    public required string Source { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>Set on acceptance: the kind of activity it becomes and the key of its payment rate (the rates are Payments').</summary>
    public string? ActivityType { get; set; }
    public string? RateCategory { get; set; }
    /// <summary>The coordinator's note asking for changes, or their reason for declining.</summary>
    public string? TriageNote { get; set; }
    public string? TriagedBy { get; set; }
    public DateTimeOffset? TriagedAt { get; set; }
    /// <summary>Set when a coordinator starts matching: the seed every pass-on of its offers uses (docs/decisions/0009).</summary>
    public long? MatchingSeed { get; set; }
    public DateTimeOffset? MatchingStartedAt { get; set; }
    public string? MatchingStartedBy { get; set; }
    /// <summary>PostgreSQL's xmin: an edit and a triage decision at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

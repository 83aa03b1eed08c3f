namespace MhAll.Learning.Data;

/// <summary>
/// Learning's copy of a Research Panel member (<c>PanelMemberJoined</c>): the pseudonymous member id and the stated
/// equality-monitoring categories, never a name. A member who left stays, with <see cref="LeftAt"/>, so that the
/// involvement they took keeps its categories; they no longer count among the members.
/// </summary>
public sealed class PanelMemberRecord
{
    public Guid MemberId { get; init; }
    /// <summary>Null while only their leaving has arrived (queues do not keep order between event types).</summary>
    public DateTimeOffset? JoinedAt { get; set; }
    public string? EthnicGroup { get; set; }
    public string? Sex { get; set; }
    public string? AgeBand { get; set; }
    public string? Disability { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public DateTimeOffset? LeftAt { get; set; }
}

/// <summary>A member's completed involvement (<c>InvolvementCompleted</c>), by its id: a correction replaces it.</summary>
public sealed class PanelInvolvement
{
    public Guid InvolvementId { get; init; }
    public Guid RequestId { get; set; }
    public Guid MemberId { get; set; }
    public required string ActivityType { get; set; }
    public DateOnly ActivityDate { get; set; }
    public decimal Hours { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A piece of Panel feedback answered (<c>FeedbackAnswered</c>): ids and timing only, never what was said.</summary>
public sealed class PanelFeedbackAnswer
{
    public Guid FeedbackId { get; init; }
    public Guid RequestId { get; init; }
    public Guid? StudyId { get; init; }
    public DateTimeOffset GivenAt { get; init; }
    public DateTimeOffset AnsweredAt { get; init; }
    public int TurnaroundDays { get; init; }
    public bool WasOverdue { get; init; }
}

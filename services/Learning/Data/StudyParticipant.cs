namespace MhAll.Learning.Data;

/// <summary>
/// One invitation to a study, as Learning needs it for per-study representation: the invitation's id and the
/// categories the volunteer had when invited. No volunteer id: nothing here can be joined to a person.
/// </summary>
public sealed class StudyParticipant
{
    public Guid InvitationId { get; init; }
    public Guid StudyId { get; init; }
    /// <summary>Null until the invitation itself arrives (a status change can overtake it).</summary>
    public DateTimeOffset? InvitedAt { get; set; }
    public string? AgeBand { get; set; }
    public string? EthnicGroup { get; set; }
    public string? Sex { get; set; }
    public string? LocalAuthorityCode { get; set; }
    /// <summary>IMD 2019 decile; the name predates IMD 2025.</summary>
    public int? ImdDecile { get; set; }
    public int? Imd2025Decile { get; set; }
    public string Status { get; set; } = "invited";
    public DateTimeOffset StatusAt { get; set; }
    /// <summary>When they enrolled; kept if they later withdraw (they were enrolled).</summary>
    public DateTimeOffset? EnrolledAt { get; set; }
}

namespace MhAll.Learning.Data;

/// <summary>
/// Who may see one study's own figures besides programme staff, as Participation announces it
/// (<c>StudyTeamChanged</c>): the researcher who manages the study, by sign-in subject id.
/// </summary>
public sealed class StudyTeam
{
    public Guid StudyId { get; init; }
    public required string OwnerSubjectId { get; set; }
    /// <summary>As of when the team is known; an older announcement arriving late changes nothing.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}

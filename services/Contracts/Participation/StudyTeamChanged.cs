namespace MhAll.Contracts.Participation;

/// <summary>
/// Who is on a study's team: sent when a study is submitted (and when its team changes), so that other services can
/// show a study's own figures to its team and programme staff only. The sign-in's subject id, never a name.
/// </summary>
/// <param name="OwnerSubjectId">The "sub" of the researcher who submitted the study and manages it.</param>
/// <param name="ChangedAt">As of when; a receiver keeps the newest.</param>
public sealed record StudyTeamChanged(Guid StudyId, string OwnerSubjectId, DateTimeOffset ChangedAt);

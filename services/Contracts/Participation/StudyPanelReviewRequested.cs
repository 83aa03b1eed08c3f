namespace MhAll.Contracts.Participation;

/// <summary>
/// A study asks the Research Panel to review it: sent when a study is submitted asking for Panel review, or revised
/// from not asking to asking. A study's title and lay summary are study text, written for the public, not personal data;
/// the researcher is named by their sign-in's subject id, never a name.
/// </summary>
/// <param name="OwnerSubjectId">The "sub" of the researcher who manages the study: the Panel's request is theirs.</param>
/// <param name="Revision">The study's revision that asked (1 as submitted).</param>
public sealed record StudyPanelReviewRequested(
    Guid StudyId,
    string Title,
    string LaySummary,
    string OwnerSubjectId,
    DateTimeOffset RequestedAt,
    int Revision);

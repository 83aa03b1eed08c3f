namespace MhAll.Contracts.Training;

/// <summary>A mentoring pair recorded what the mentee achieved. Not the description, which the pair wrote.</summary>
/// <param name="Kind">"became-principal-investigator", "submitted-grant-application", "publication" or "other".</param>
public sealed record MentoringOutcomeRecorded(
    Guid OutcomeId,
    Guid RelationshipId,
    Guid MenteeProfileId,
    string Kind,
    DateOnly AchievedOn,
    DateTimeOffset RecordedAt);

namespace MhAll.Contracts.Training;

/// <summary>What a funded training post led to, as programme staff recorded it.</summary>
/// <param name="OutcomeKind">"publication", "grant-application", "became-principal-investigator" or "other".</param>
public sealed record TrainingOutcomeRecorded(
    Guid ProfileId,
    string OutcomeKind,
    Guid AwardId,
    DateOnly On);

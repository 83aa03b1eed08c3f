namespace MhAll.Contracts.Training;

/// <summary>Programme staff awarded a funded training post on an application to a call. Ids and categories only.</summary>
/// <param name="AwardId">The application that was awarded.</param>
public sealed record TrainingPostAwarded(
    Guid AwardId,
    Guid CallId,
    Guid ProfileId,
    Guid OrganisationId,
    string OrganisationType,
    string? IcbCode,
    string ProfessionGroup,
    DateTimeOffset AwardedAt);

namespace MhAll.Contracts.Training;

/// <summary>A coordinator confirmed a mentor for a member of staff: their mentoring began. Ids and the mentee's categories only.</summary>
/// <param name="MenteeProfessionGroup">e.g. "allied-health", "nursing", "peer-support".</param>
/// <param name="OrganisationType">The mentee's organisation: "nhs-trust", "local-authority", "vcse" or "primary-care".</param>
/// <param name="IcbCode">ONS code of the mentee's organisation's ICB, or null when it names none.</param>
public sealed record MentoringStarted(
    Guid RelationshipId,
    Guid MenteeProfileId,
    Guid MentorProfileId,
    string MenteeProfessionGroup,
    string OrganisationType,
    string? IcbCode,
    DateTimeOffset StartedAt);

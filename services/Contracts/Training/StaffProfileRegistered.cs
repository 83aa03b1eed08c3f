namespace MhAll.Contracts.Training;

/// <summary>
/// A member of staff created their Training profile. Carries the pseudonymous profile id and categories only: never a
/// name, email or the organisation's own name.
/// </summary>
/// <param name="ProfessionGroup">e.g. "allied-health", "nursing", "peer-support", "community-and-support".</param>
/// <param name="Profession">The profession within its group, e.g. "occupational-therapy".</param>
/// <param name="OrganisationType">"nhs-trust", "local-authority", "vcse" or "primary-care".</param>
/// <param name="IcbCode">ONS code of the ICB the organisation belongs to, or null when it names none.</param>
/// <param name="CapabilityLevel">Self-assessed level on the NHS England research capabilities framework: entry, enhanced, advanced, consultant; null when not assessed.</param>
/// <param name="EthnicGroup">Census 2021 19-category code, or null when not stated or prefer-not-to-say.</param>
/// <param name="UnderServed">Whether the profile is in a staff group the programme gives priority places to (configuration).</param>
public sealed record StaffProfileRegistered(
    Guid ProfileId,
    DateTimeOffset RegisteredAt,
    string ProfessionGroup,
    string Profession,
    string OrganisationType,
    string? IcbCode,
    string? CapabilityLevel,
    string? EthnicGroup,
    bool UnderServed);

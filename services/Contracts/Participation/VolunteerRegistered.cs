namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer joined the research register. Carries the pseudonymous id and categories only:
/// never a name, contact detail, full date of birth or postcode.
/// </summary>
/// <param name="AgeBand">Census-style band at registration, e.g. "25-34", "75+".</param>
/// <param name="EthnicGroup">Census 2021 19-category code (e.g. "asian-bangladeshi"), or null when not stated.</param>
/// <param name="Sex">"female" or "male" (Census 2021 sex), or null when not stated.</param>
/// <param name="LocalAuthorityCode">ONS code of the local authority the volunteer lives in, or null when unknown.</param>
/// <param name="ImdDecile">IMD 2019 decile of the volunteer's LSOA 2011 (1 = most deprived 10%), or null when unknown (its name predates IMD 2025).</param>
/// <param name="Imd2025Decile">IMD 2025 decile of the volunteer's LSOA 2021, or null when unknown or sent before IMD 2025 was added.</param>
public sealed record VolunteerRegistered(
    Guid VolunteerId,
    DateTimeOffset RegisteredAt,
    string AgeBand,
    string? EthnicGroup,
    string? Sex = null,
    string? LocalAuthorityCode = null,
    int? ImdDecile = null,
    int? Imd2025Decile = null);

namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer changed something counts are made of (ethnic group, sex, year of birth or postcode). Carries the
/// new categories in full, never the personal details behind them.
/// <c>ImdDecile</c> is the IMD 2019 decile (the name predates IMD 2025); <c>Imd2025Decile</c> is null when sent before it was added.
/// </summary>
public sealed record VolunteerDemographicsChanged(
    Guid VolunteerId,
    DateTimeOffset ChangedAt,
    string AgeBand,
    string? EthnicGroup,
    string? Sex,
    string? LocalAuthorityCode,
    int? ImdDecile,
    int? Imd2025Decile = null);

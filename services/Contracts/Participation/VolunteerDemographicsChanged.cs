namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer changed something counts are made of (ethnic group, sex, year of birth or postcode). Carries the
/// new categories in full, never the personal details behind them.
/// </summary>
public sealed record VolunteerDemographicsChanged(
    Guid VolunteerId,
    DateTimeOffset ChangedAt,
    string AgeBand,
    string? EthnicGroup,
    string? Sex,
    string? LocalAuthorityCode,
    int? ImdDecile);

namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer joined the research register. Carries the pseudonymous id and categories only:
/// never a name, contact detail, full date of birth or postcode.
/// </summary>
/// <param name="AgeBand">Census-style band at registration, e.g. "25-34", "75+".</param>
/// <param name="EthnicGroup">Census 2021 19-category code (e.g. "asian-bangladeshi"), or null when not stated.</param>
public sealed record VolunteerRegistered(Guid VolunteerId, DateTimeOffset RegisteredAt, string AgeBand, string? EthnicGroup);

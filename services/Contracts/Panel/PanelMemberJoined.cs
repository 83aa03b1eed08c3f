namespace MhAll.Contracts.Panel;

/// <summary>
/// A member became active on the Research Panel for the first time (not on coming back from a pause). The member id and
/// equality-monitoring categories only: never a name or contact details.
/// </summary>
/// <param name="EthnicGroup">Census 2021 19-category code, or null when not stated or prefer-not-to-say.</param>
/// <param name="Sex">female or male; null when not stated or prefer-not-to-say.</param>
/// <param name="AgeBand">Participation's adult bands (18-24, ..., 75+); null when not stated or prefer-not-to-say.</param>
/// <param name="Disability">yes or no; null when not stated or prefer-not-to-say.</param>
/// <param name="LocalAuthority">ONS code of one of the 22 North East London and Essex authorities; null when not stated or prefer-not-to-say.</param>
public sealed record PanelMemberJoined(
    Guid MemberId,
    DateTimeOffset JoinedAt,
    string? EthnicGroup,
    string? Sex,
    string? AgeBand,
    string? Disability,
    string? LocalAuthority);

namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer was invited to a study. Carries the categories the volunteer had when invited (the same ones as
/// <see cref="VolunteerRegistered"/>) so that per-study representation needs nothing else; never a name or contact detail.
/// <c>ImdDecile</c> is the IMD 2019 decile (the name predates IMD 2025); <c>Imd2025Decile</c> is null when sent before it was added.
/// </summary>
public sealed record VolunteerInvited(
    Guid InvitationId,
    Guid StudyId,
    Guid VolunteerId,
    DateTimeOffset InvitedAt,
    string? AgeBand,
    string? EthnicGroup,
    string? Sex,
    string? LocalAuthorityCode,
    int? ImdDecile,
    int? Imd2025Decile = null);

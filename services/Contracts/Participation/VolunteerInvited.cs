namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer was invited to a study. Carries the categories the volunteer had when invited (the same ones as
/// <see cref="VolunteerRegistered"/>) so that per-study representation needs nothing else; never a name or contact detail.
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
    int? ImdDecile);

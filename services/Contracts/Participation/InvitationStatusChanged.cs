namespace MhAll.Contracts.Participation;

/// <summary>
/// An invitation moved along the recruitment funnel.
/// </summary>
/// <param name="Status">interested, declined, screened, enrolled, ineligible or withdrawn.</param>
public sealed record InvitationStatusChanged(Guid InvitationId, Guid StudyId, Guid VolunteerId, string Status, DateTimeOffset ChangedAt);

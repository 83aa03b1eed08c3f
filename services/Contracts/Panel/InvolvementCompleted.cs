namespace MhAll.Contracts.Panel;

/// <summary>
/// A member's attendance at an involvement was recorded: ids, the kind of activity and the hours only (Learning joins
/// the member's categories from <see cref="PanelMemberJoined"/>). Published again with the same ids if corrected.
/// </summary>
/// <param name="ActivityType">The request's involvement type, e.g. lay-summary-review.</param>
/// <param name="Hours">Hours taken part, preparation included.</param>
public sealed record InvolvementCompleted(
    Guid InvolvementId,
    Guid RequestId,
    Guid MemberId,
    string ActivityType,
    DateOnly ActivityDate,
    decimal Hours,
    DateTimeOffset RecordedAt);

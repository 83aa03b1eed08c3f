namespace MhAll.Contracts.Training;

/// <summary>A mentoring relationship ended: the mentor's place is free again. Ids and categories only; nothing said in it travels.</summary>
/// <param name="Reason">"goals-met", "mentee-left", "mentor-unavailable" or "other".</param>
/// <param name="EndedBy">Who ended it: "mentor", "mentee" or "coordinator".</param>
public sealed record MentoringEnded(
    Guid RelationshipId,
    Guid MenteeProfileId,
    Guid MentorProfileId,
    string Reason,
    string EndedBy,
    DateTimeOffset EndedAt);

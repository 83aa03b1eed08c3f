namespace MhAll.Contracts.Training;

/// <summary>
/// A partner's learning system told Training that a member of staff completed one of its own courses. Not an Academy
/// course (no course id, session or tags: it never counts as the champion or mentor training), so it is not a
/// <see cref="CourseCompleted"/>; the same categories of the person.
/// </summary>
/// <param name="CourseCode">The partner's own code for the course.</param>
public sealed record ExternalTrainingRecorded(
    Guid CompletionId,
    Guid ProfileId,
    string CourseCode,
    string CourseTitle,
    DateOnly CompletedOn,
    string ProfessionGroup,
    string OrganisationType,
    string? IcbCode,
    bool UnderServed,
    DateTimeOffset RecordedAt);

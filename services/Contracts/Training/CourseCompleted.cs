namespace MhAll.Contracts.Training;

/// <summary>
/// A member of staff completed an Academy course (a coordinator recorded it and a certificate was issued). Research
/// champions and mentoring build on it by the course's tags ("research-champion", "mentor-training").
/// </summary>
/// <param name="Tags">The course's tags when completed.</param>
/// <param name="CapabilityLevel">The framework level the course builds: entry, enhanced, advanced, consultant.</param>
public sealed record CourseCompleted(
    Guid CourseId,
    Guid SessionId,
    IReadOnlyList<string> Tags,
    string CapabilityLevel,
    Guid ProfileId,
    string ProfessionGroup,
    string OrganisationType,
    string? IcbCode,
    bool UnderServed,
    DateTimeOffset CompletedAt);

namespace MhAll.Training.Data;

/// <summary>An Academy course in the catalogue. Its <see cref="Tags"/> let other features find, e.g., the champion course.</summary>
public sealed class Course
{
    public Guid Id { get; init; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>The research capability level it builds (<see cref="Domain.CapabilityLevels"/>).</summary>
    public required string Level { get; set; }
    /// <summary>online, in-person or blended.</summary>
    public required string Format { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>Courses to have completed before enrolling in one of this course's sessions.</summary>
    public List<Guid> Prerequisites { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public uint Version { get; set; }
}

/// <summary>
/// One running of a course. Enrolments lock its row (<c>SELECT ... FOR UPDATE</c>) so places are counted one request
/// at a time (docs/decisions/0007).
/// </summary>
public sealed class CourseSession
{
    public Guid Id { get; init; }
    public Guid CourseId { get; init; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Venue { get; set; }
    public string? OnlineLink { get; set; }
    public int Capacity { get; set; }
    /// <summary>Places kept for under-served staff groups until <see cref="PriorityReleaseAt"/>.</summary>
    public int ReservedPlaces { get; set; }
    public DateTimeOffset PriorityReleaseAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When programme staff cancelled it; null while it runs. A cancelled session takes no enrolments and is never un-cancelled.</summary>
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancellationReason { get; set; }
    public string? CancelledBy { get; set; }
}

/// <summary>
/// A member of staff's booking on a session, or their place in its queue. Kept after erasure for counts, without the
/// profile (<see cref="ProfileId"/> null).
/// </summary>
public sealed class Enrolment
{
    public Guid Id { get; init; }
    public Guid SessionId { get; init; }
    public Guid? ProfileId { get; set; }
    /// <summary>Whether the person was in an under-served staff group when they asked: orders the waitlist and may take a kept place.</summary>
    public bool UnderServed { get; init; }
    public string Status { get; set; } = EnrolmentStatuses.Waitlisted;
    /// <summary>First come, first served: the database numbers requests in the order they took the session's lock.</summary>
    public long Sequence { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? PlacedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? AttendanceMarkedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public static class EnrolmentStatuses
{
    public const string Waitlisted = "waitlisted";
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";
    /// <summary>Programme staff cancelled the session: the booking or waitlist place went with it.</summary>
    public const string CancelledByOrganiser = "cancelled-by-organiser";
    public const string Attended = "attended";
    public const string DidNotAttend = "did-not-attend";
    public const string Completed = "completed";

    /// <summary>Those that hold one of the session's places.</summary>
    public static readonly string[] HoldingPlace = [Booked, Attended, DidNotAttend, Completed];
    /// <summary>Those the person may still cancel.</summary>
    public static readonly string[] Open = [Booked, Waitlisted];
    /// <summary>All but cancelled: a person has at most one of these per session.</summary>
    public static readonly string[] Active = [Waitlisted, .. HoldingPlace];
}

/// <summary>A certificate of completion, verifiable by anyone who has its code; it states what it states, even if the profile changes later.</summary>
public sealed class Certificate
{
    /// <summary>128 random bits, in hex: unguessable, and the certificate's only name.</summary>
    public required string Code { get; init; }
    public Guid EnrolmentId { get; init; }
    public Guid ProfileId { get; init; }
    public required string HolderName { get; init; }
    public Guid CourseId { get; init; }
    public required string CourseTitle { get; init; }
    public required string CapabilityLevel { get; init; }
    public DateOnly CompletedOn { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? RevokedBy { get; set; }
}

namespace MhAll.Contracts.Training;

/// <summary>
/// A place on a course session was taken: booked at once, or promoted from the waitlist when a place freed.
/// No profile id: it counts places by group, not people.
/// </summary>
/// <param name="UnderServed">Whether the person is in a staff group the programme gives priority places to.</param>
/// <param name="FromWaitlist">Promoted from the waitlist rather than booked at once.</param>
public sealed record CoursePlaceTaken(Guid SessionId, Guid CourseId, bool UnderServed, bool FromWaitlist, DateTimeOffset TakenAt);

using MhAll.Training.Data;

namespace MhAll.Training.Features.Enrolments;

/// <summary>An enrolment as its owner sees it: the session, the status and, while waiting, the place in the queue.</summary>
public sealed record EnrolmentView(Guid Id, Guid SessionId, Guid CourseId, string CourseTitle, DateTimeOffset StartsAt, string Status,
    int? WaitlistPosition, DateTimeOffset RequestedAt, DateTimeOffset? PlacedAt, string? CertificateCode)
{
    public static EnrolmentView From(Enrolment e, CourseSession s, Course c, int? position, string? certificate) => new(e.Id, s.Id, c.Id, c.Title,
        s.StartsAt, e.Status, e.Status == EnrolmentStatuses.Waitlisted ? position : null, e.RequestedAt, e.PlacedAt, certificate);
}

namespace MhAll.Learning.Data;

/// <summary>
/// Learning's copy of a Training staff profile: the pseudonymous profile id and categories, never a name, email or
/// the organisation's own name.
/// </summary>
public sealed class StaffMember
{
    public Guid ProfileId { get; init; }
    /// <summary>When the categories below were true: the registration, then the latest change applied.</summary>
    public DateTimeOffset CategoriesAsOf { get; set; }
    public required string ProfessionGroup { get; set; }
    public required string OrganisationType { get; set; }
    public string? IcbCode { get; set; }
    /// <summary>Census 2021 code, or null when not stated.</summary>
    public string? EthnicGroup { get; set; }
    public bool UnderServed { get; set; }
}

/// <summary>A course a member of staff completed, with the course's tags when completed.</summary>
public sealed class CourseCompletion
{
    public Guid Id { get; init; }
    public Guid ProfileId { get; init; }
    public Guid CourseId { get; init; }
    public Guid SessionId { get; init; }
    public required string[] Tags { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>
/// A course a member of staff completed in a partner's own learning system, by its id in Training: it makes them trained,
/// as an Academy course does. The partner's course code and title stay in Training.
/// </summary>
public sealed class PartnerCompletion
{
    public Guid CompletionId { get; init; }
    public Guid ProfileId { get; init; }
    public DateOnly CompletedOn { get; init; }
}

/// <summary>A place taken on a course session: no one's id, only whether it went to an under-served staff group.</summary>
public sealed class CoursePlace
{
    public Guid Id { get; init; }
    public Guid SessionId { get; init; }
    public Guid CourseId { get; init; }
    public bool UnderServed { get; init; }
    public DateTimeOffset TakenAt { get; init; }
}

/// <summary>That a staff profile id was erased, and when; later events about it then change nothing.</summary>
public sealed class StaffErasureTombstone
{
    public Guid ProfileId { get; init; }
    public DateTimeOffset ErasedAt { get; init; }
}

/// <summary>A research champion appointment (by its id in Training); stood down when Training says so.</summary>
public sealed class ChampionAppointment
{
    public Guid ChampionId { get; init; }
    public Guid ProfileId { get; init; }
    public bool StoodDown { get; set; }
}

/// <summary>
/// A mentoring relationship begun, by its id in Training: the mentee's profile id only. Kept when it ends: the mentees
/// counted are those ever mentored (<see cref="Features.Workforce.GetWorkforce"/>), so <c>MentoringEnded</c> is not consumed.
/// </summary>
public sealed class MentoringRelationship
{
    public Guid RelationshipId { get; init; }
    public Guid MenteeProfileId { get; init; }
}

namespace MhAll.Learning.Data;

/// <summary>
/// Learning's copy of a registration: a pseudonymous id and categories, never a name or contact detail.
/// </summary>
public sealed class RegisteredVolunteer
{
    public Guid VolunteerId { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public required string AgeBand { get; init; }
    public string? EthnicGroup { get; init; }
    public string? Sex { get; init; }
    public string? LocalAuthorityCode { get; init; }
    public int? ImdDecile { get; init; }
}

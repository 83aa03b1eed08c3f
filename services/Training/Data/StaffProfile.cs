namespace MhAll.Training.Data;

/// <summary>
/// A member of staff's own Training profile, found by the sign-in that created it. The equality-monitoring fields are
/// optional, each allowing prefer-not-to-say. Deleted on erasure (a tombstone, <see cref="ErasedStaffProfile"/>, keeps the id).
/// </summary>
public sealed class StaffProfile
{
    public Guid Id { get; init; }
    /// <summary>The owner's "sub": they alone read and change it.</summary>
    public required string SubjectId { get; init; }
    /// <summary>The name they want on their certificates.</summary>
    public required string Name { get; set; }
    /// <summary>One of <see cref="Domain.Vocabularies.Professions"/>.</summary>
    public required string Profession { get; set; }
    /// <summary>The staff group of <see cref="Profession"/> (<see cref="Domain.ProfessionGroups"/>), kept for queries.</summary>
    public required string ProfessionGroup { get; set; }
    public Guid OrganisationId { get; set; }
    public List<string> Interests { get; set; } = [];
    /// <summary>The latest self-assessed level (<see cref="Domain.CapabilityLevels"/>); each assessment is in <see cref="CapabilityAssessment"/>.</summary>
    public string? CapabilityLevel { get; set; }
    public DateOnly? CapabilityAssessedOn { get; set; }
    public string? EthnicGroup { get; set; }
    public string? Sex { get; set; }
    public string? AgeBand { get; set; }
    public string? Disability { get; set; }
    public DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a correction and a new assessment at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

/// <summary>One self-assessment of research capability, dated by the member of staff: the history a profile keeps.</summary>
public sealed class CapabilityAssessment
{
    public long Id { get; init; }
    public Guid ProfileId { get; init; }
    public required string Level { get; init; }
    public DateOnly AssessedOn { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Training's tombstone of an erased profile: the id other services know, and when.</summary>
public sealed class ErasedStaffProfile
{
    public Guid ProfileId { get; init; }
    public DateTimeOffset ErasedAt { get; init; }
    /// <summary>How many records held personal data about the profile and were erased or anonymised.</summary>
    public int RecordsErased { get; init; }
}

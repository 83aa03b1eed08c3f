namespace MhAll.Participation.Data;

/// <summary>
/// One revision of a study's details, kept for good: revision 1 is the study as submitted, each accepted revision
/// (<c>PUT /studies/{id}</c>) adds the next. A material revision of an approved study sent it back to review.
/// </summary>
public sealed class StudyRevision
{
    public Guid StudyId { get; init; }
    public int Number { get; init; }
    /// <summary>The "sub" of whoever made it: the study's researcher or programme staff.</summary>
    public required string RevisedBy { get; init; }
    public DateTimeOffset RevisedAt { get; init; }
    /// <summary>The fields it changed, named as the API names them (<c>eligibility.languages</c>); empty for revision 1.</summary>
    public List<string> ChangedFields { get; init; } = [];
    /// <summary>Whether it changed who is eligible or what volunteers are told.</summary>
    public bool Material { get; init; }
    public required string StatusBefore { get; init; }
    public required string StatusAfter { get; init; }
    /// <summary>The study's details after this revision, as the API shows them (JSON, camelCase).</summary>
    public required string Snapshot { get; init; }
}

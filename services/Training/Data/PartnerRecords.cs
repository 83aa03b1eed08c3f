namespace MhAll.Training.Data;

/// <summary>A course a member of staff completed in a partner's own learning system, as the partner pushed it.</summary>
public sealed class ExternalCompletion
{
    public Guid Id { get; init; }
    /// <summary>The partner system's client id (its token's sub).</summary>
    public required string PartnerClientId { get; init; }
    /// <summary>The partner's own id for the record: one record per partner and id.</summary>
    public required string PartnerRecordId { get; init; }
    public Guid ProfileId { get; init; }
    public required string CourseCode { get; init; }
    public required string CourseTitle { get; init; }
    public DateOnly CompletedOn { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>
/// A partner's Idempotency-Key and what it did: a retry with the same key and body gets the same record back; the
/// same key with another body is refused.
/// </summary>
public sealed class PartnerIdempotencyKey
{
    public required string PartnerClientId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request body, in hex.</summary>
    public required string RequestHash { get; init; }
    public Guid CompletionId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

namespace MhAll.Panel.Data;

/// <summary>
/// An accepted request offered to one member by fair matching (docs/decisions/0009). A member is offered a request once
/// at most; the accepted offer is their involvement in it, which attendance, claims and feedback hang from.
/// </summary>
public sealed class Offer
{
    public Guid Id { get; init; }
    public Guid RequestId { get; init; }
    public Guid MemberId { get; init; }
    /// <summary>Their place in the plan that made the offer (1 = first choice).</summary>
    public int Rank { get; init; }
    public DateTimeOffset MadeAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    /// <summary>One of <see cref="Domain.OfferStatuses"/>.</summary>
    public required string Status { get; set; }
    /// <summary>When it left "outstanding": answered, expired or withdrawn.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Why matching chose them, in sentences for a coordinator (may name the member's equality groups: coordinators only).</summary>
    public List<string> Reasons { get; init; } = [];
    /// <summary>A decline's optional reason, one of <see cref="Domain.DeclineReasons"/>: a category, never free text.</summary>
    public string? DeclineReason { get; set; }
    /// <summary>PostgreSQL's xmin: an answer and an expiry at once cannot both win.</summary>
    public uint Version { get; set; }
}

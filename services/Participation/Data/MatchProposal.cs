namespace MhAll.Participation.Data;

/// <summary>
/// A batch proposed for a study, kept here so that the researcher never sees who is in it: they see its size and its
/// groups after disclosure control, and confirming it (by id, once, before it expires) invites the people it holds
/// (docs/decisions/0005).
/// </summary>
public sealed class MatchProposal
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public Guid Id { get; init; }
    public Guid StudyId { get; init; }
    /// <summary>Drawn by the service, never chosen by the researcher; kept so that the batch can be explained.</summary>
    public int Seed { get; init; }
    public int Requested { get; init; }
    public List<Guid> VolunteerIds { get; init; } = [];
    public string ProposedBy { get; init; } = "";
    public DateTimeOffset ProposedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; set; }
}

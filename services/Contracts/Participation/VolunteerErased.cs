namespace MhAll.Contracts.Participation;

/// <summary>
/// A volunteer asked for erasure: every service removes what links its data to this id. What an erased volunteer
/// leaves in aggregates is set out in docs/decisions/0004-erasure-in-aggregates.md.
/// </summary>
public sealed record VolunteerErased(Guid VolunteerId, DateTimeOffset ErasedAt);

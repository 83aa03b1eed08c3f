namespace MhAll.Contracts.Participation;

/// <summary>A volunteer left the register: no one may contact them again. Their past registration still counted as history.</summary>
public sealed record VolunteerWithdrawn(Guid VolunteerId, DateTimeOffset WithdrawnAt);

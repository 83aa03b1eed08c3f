namespace MhAll.Contracts.Training;

/// <summary>A member of staff asked for erasure of their Training profile: every service forgets this profile id.</summary>
public sealed record StaffProfileErased(Guid ProfileId, DateTimeOffset ErasedAt);

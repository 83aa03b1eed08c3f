namespace MhAll.Contracts.Training;

/// <summary>
/// A member of staff corrected their profile or assessed their research capability again, and a category changed.
/// Carries the same categories as <see cref="StaffProfileRegistered"/>, as they now are.
/// </summary>
public sealed record StaffProfileChanged(
    Guid ProfileId,
    DateTimeOffset ChangedAt,
    string ProfessionGroup,
    string Profession,
    string OrganisationType,
    string? IcbCode,
    string? CapabilityLevel,
    string? EthnicGroup,
    bool UnderServed);

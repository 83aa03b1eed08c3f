namespace MhAll.Learning.Data;

/// <summary>
/// Learning's copy of a registration: a pseudonymous id and categories, never a name or contact detail.
/// </summary>
public sealed class RegisteredVolunteer
{
    public Guid VolunteerId { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    /// <summary>When the categories below were true: the registration, then the latest change applied.</summary>
    public DateTimeOffset CategoriesAsOf { get; set; }
    public required string AgeBand { get; set; }
    public string? EthnicGroup { get; set; }
    public string? Sex { get; set; }
    public string? LocalAuthorityCode { get; set; }
    /// <summary>IMD 2019 decile (LSOA 2011); the name predates IMD 2025.</summary>
    public int? ImdDecile { get; set; }
    /// <summary>IMD 2025 decile (LSOA 2021); null for a registration sent before it was added, until the volunteer is re-placed.</summary>
    public int? Imd2025Decile { get; set; }
    /// <summary>Left the register (withdrew or was erased): no longer in the register's counts, still in the history of registrations.</summary>
    public bool Left { get; set; }
    /// <summary>Erased: the id is a fresh random one that links to no one, and the time only its week.</summary>
    public bool Anonymised { get; init; }
}

/// <summary>
/// That a volunteer id was erased, and when; nothing else. Later events about the id (a registration that was
/// overtaken, a late withdrawal or change) then neither count the volunteer nor link a row to them.
/// </summary>
public sealed class ErasureTombstone
{
    public Guid VolunteerId { get; init; }
    public DateTimeOffset ErasedAt { get; init; }
}

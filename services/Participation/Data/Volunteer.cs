namespace MhAll.Participation.Data;

/// <summary>A person on the consent-to-contact research register. Personal data: it never leaves this service.</summary>
public sealed class Volunteer
{
    public Guid Id { get; init; }
    /// <summary>The "sub" of the volunteer's sign-in: how a volunteer reaches their own record and no other.</summary>
    /// <summary>Null once erased: nothing links the row to a sign-in any more.</summary>
    public string? SubjectId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    /// <summary>Stored trimmed and lower-cased; unique across the register.</summary>
    public string? Email { get; set; }
    public int? YearOfBirth { get; set; }
    /// <summary>Kept after erasure, instead of the year of birth, for counts.</summary>
    public string? AgeBand { get; set; }
    public string? EthnicGroup { get; set; }
    /// <summary>"female" or "male", as the Census asks; null when not stated.</summary>
    public string? Sex { get; set; }
    /// <summary>As given, normalised; personal data.</summary>
    public string? Postcode { get; set; }
    /// <summary>Derived from the postcode (approximate LSOA); null when the postcode is not in the programme's area.</summary>
    public string? Lsoa11Code { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public int? ImdDecile { get; set; }
    public DateTimeOffset RegisteredAt { get; init; }
    /// <summary>Left the register: no one may contact them again.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>Personal data removed; the row stays, anonymised, for counts (docs/decisions/0004).</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

namespace MhAll.Participation.Data;

/// <summary>A person on the consent-to-contact research register. Personal data: it never leaves this service.</summary>
public sealed class Volunteer
{
    public Guid Id { get; init; }
    /// <summary>
    /// The "sub" of the volunteer's sign-in: how a volunteer reaches their own record and no other. Null for someone
    /// signed up by staff until they link a sign-in, and on an anonymised row.
    /// </summary>
    public string? SubjectId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    /// <summary>Stored trimmed and lower-cased; unique across the register.</summary>
    public string? Email { get; set; }
    /// <summary>UK number as digits, e.g. "07700900123"; needed for the sms and phone channels.</summary>
    public string? Phone { get; set; }
    /// <summary>Postal address lines (the postcode is separate); needed for the post channel.</summary>
    public string? Address { get; set; }
    /// <summary>The channels the volunteer chose (email, sms, phone, post); no one contacts them any other way.</summary>
    public List<string> ContactChannels { get; set; } = [];
    /// <summary>Preferred language, ISO 639 ("en", "bn", ...).</summary>
    public string Language { get; set; } = "en";
    public string? AccessibilityNeeds { get; set; }
    public bool EasyRead { get; set; }
    public int? YearOfBirth { get; set; }
    /// <summary>Kept after erasure, instead of the year of birth, for matching's counts of a study's invitees.</summary>
    public string? AgeBand { get; set; }
    public string? EthnicGroup { get; set; }
    /// <summary>"female" or "male", as the Census asks; null when not stated.</summary>
    public string? Sex { get; set; }
    public string? GenderIdentity { get; set; }
    /// <summary>Lived experience, carer, public, staff: one or more.</summary>
    public List<string> Relationships { get; set; } = [];
    public List<string> Conditions { get; set; } = [];
    public List<string> ResearchInterests { get; set; } = [];
    /// <summary>How they heard of the register.</summary>
    public string? HeardVia { get; set; }
    /// <summary>As given, normalised; personal data.</summary>
    public string? Postcode { get; set; }
    /// <summary>Derived from the postcode, in both editions (ReferenceData/README.md); all null when the postcode is not in the programme's area.</summary>
    public string? Lsoa21Code { get; set; }
    /// <summary>The LSOA 2011 the postcode lies in (ONS best fit), for the IMD 2019 edition.</summary>
    public string? Lsoa11Code { get; set; }
    public string? LocalAuthorityCode { get; set; }
    /// <summary>The ICB of the LSOA in the April 2024 lookup; the ICB on a day is <see cref="Domain.Areas.IcbOn"/>.</summary>
    public string? IcbCode { get; set; }
    /// <summary>IMD 2025 decile of the LSOA 2021 (1 = most deprived 10%): what matching and eligibility use by default.</summary>
    public int? Imd2025Decile { get; set; }
    /// <summary>IMD 2019 decile of the LSOA 2011.</summary>
    public int? Imd2019Decile { get; set; }
    /// <summary>How the LSOA 2021 was found: exact (ONS lookup) or approximate (from the postcode's position).</summary>
    public string? Lsoa21Method { get; set; }
    public string? Lsoa11Method { get; set; }
    /// <summary>The edition of the postcode table the area came from: the re-place command moves those placed with an older one.</summary>
    public string? AreaEdition { get; set; }
    /// <summary>
    /// SHA-256 (hex) of the one-time code staff issued to link this record, signed up without a sign-in, to the
    /// person's sign-in later (<c>LinkSignIn</c>); the code itself is never stored. Null when none is outstanding.
    /// </summary>
    public string? LinkCodeHash { get; set; }
    public DateTimeOffset? LinkCodeExpiresAt { get; set; }
    public DateTimeOffset RegisteredAt { get; init; }
    /// <summary>A random number fixed at joining: matching's seeded draw hashes it to sample the pool (docs/decisions/0005).</summary>
    public int MatchKey { get; init; }
    /// <summary>When the row last changed, stamped on every save (<see cref="RegisterIndex"/> reads changes by it).</summary>
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>Left the register: no one may contact them again.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>
    /// Set only on an anonymised row: the one an erasure leaves, with a new id, in place of the volunteer's
    /// (<see cref="AnonymisedVolunteer"/>, docs/decisions/0004). To the month.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a save that finds the row changed since it was read fails (409), so no change overwrites another unseen.</summary>
    public uint Version { get; set; }
}

namespace MhAll.Panel.Data;

/// <summary>
/// A person on (or applying to) the Mental Health Research Panel, found by the sign-in that applied. On erasure the
/// row stays as a stub under the same id, with every personal field emptied (<see cref="ErasedAt"/> set), so that
/// payment and claim rows that name the member still point somewhere: retention decided in ADR 0010 (payments).
/// </summary>
public sealed class PanelMember
{
    public Guid Id { get; init; }
    /// <summary>The owner's "sub": they alone read and change it as a member. Null once erased.</summary>
    public string? SubjectId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Why they want to join, in their words.</summary>
    public string? Motivation { get; set; }
    /// <summary>One of <see cref="Domain.MemberStatuses"/>; each change is in <see cref="MemberStatusChange"/>.</summary>
    public required string Status { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public List<string> LivedExperience { get; set; } = [];
    public List<string> Skills { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> AvailableDays { get; set; } = [];
    public List<string> AvailableTimes { get; set; } = [];
    public List<string> Formats { get; set; } = [];
    public string? AccessNeeds { get; set; }
    public string? EthnicGroup { get; set; }
    public string? Sex { get; set; }
    public string? AgeBand { get; set; }
    public string? Disability { get; set; }
    public string? LocalAuthority { get; set; }
    /// <summary>One of <see cref="Domain.MemberVocabulary.PaymentPreferences"/>: kept on the stub (ADR 0010 decides payments' retention).</summary>
    public required string PaymentPreference { get; set; }
    /// <summary>Employed in the public sector: involvement in work time is not paid again. Kept on the stub with the payment preference.</summary>
    public bool PublicSectorEmployee { get; set; }
    /// <summary>Whether the programme has offered benefits advice (payments can affect benefits), and when.</summary>
    public bool BenefitsAdviceOffered { get; set; }
    public DateOnly? BenefitsAdviceOfferedOn { get; set; }
    public DateTimeOffset AppliedAt { get; init; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>Set when the member erased their record: the row is a stub from then on.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    /// <summary>PostgreSQL's xmin: two status changes at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

/// <summary>One step of a member's status, dated and by whom: the history a member keeps.</summary>
public sealed class MemberStatusChange
{
    public long Id { get; init; }
    public Guid MemberId { get; init; }
    /// <summary>Null for the application itself.</summary>
    public string? From { get; init; }
    public required string To { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>The "sub" of whoever made the change: the applicant for the application, a coordinator after.</summary>
    public required string By { get; init; }
    public string? Note { get; set; }
}

/// <summary>A version of the Panel's confidentiality agreement; the highest number is the current one.</summary>
public sealed class ConfidentialityAgreement
{
    public int Version { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string PublishedBy { get; init; }
}

/// <summary>A member signed one version of the confidentiality agreement.</summary>
public sealed class AgreementSignature
{
    public Guid MemberId { get; init; }
    public int Version { get; init; }
    public DateTimeOffset SignedAt { get; init; }
}

namespace MhAll.Participation.Data;

/// <summary>
/// One volunteer invited to one study, and how far they got. Kept after erasure for the funnel, pointing at the
/// anonymised row that replaced the volunteer's (docs/decisions/0004).
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; init; }
    public Guid StudyId { get; init; }
    /// <summary>The volunteer; repointed, once, to the new id of the anonymised row when they are erased.</summary>
    public Guid VolunteerId { get; set; }
    public DateTimeOffset InvitedAt { get; init; }
    public string? InvitedBy { get; set; }
    public string Status { get; set; } = InvitationStatuses.Invited;
    public DateTimeOffset? RespondedAt { get; set; }
    /// <summary>When the volunteer first said interested: from then on the study team knows them and lists the invitation.</summary>
    public DateTimeOffset? InterestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a team's step and the volunteer's answer at the same moment cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

/// <summary>
/// The recruitment funnel: invited → interested / declined (or no response after <see cref="NoResponseAfter"/>) → screened →
/// enrolled / ineligible → withdrawn, each mapped to FHIR R4 ResearchSubject.status.
/// </summary>
public static class InvitationStatuses
{
    public const string Invited = "invited";
    public const string NoResponse = "no-response";
    public const string Interested = "interested";
    public const string Declined = "declined";
    public const string Screened = "screened";
    public const string Enrolled = "enrolled";
    public const string Ineligible = "ineligible";
    public const string Withdrawn = "withdrawn";

    public static readonly TimeSpan NoResponseAfter = TimeSpan.FromDays(28);

    /// <summary>Funnel order; no-response is an invitation left unanswered, shown but never stored.</summary>
    public static readonly string[] All = [Invited, NoResponse, Interested, Declined, Screened, Enrolled, Ineligible, Withdrawn];

    /// <summary>Where an invitation can be while the volunteer has never said interested (they may have left the register).</summary>
    public static readonly string[] BeforeInterest = [Invited, NoResponse, Declined, Withdrawn];

    /// <summary>Where an invitation can be once the volunteer has said interested.</summary>
    public static readonly string[] AfterInterest = [Interested, Screened, Enrolled, Ineligible, Declined, Withdrawn];

    /// <summary>Statuses in which the study team may see the volunteer's contact details: after they said interested.</summary>
    public static readonly string[] SharesContact = [Interested, Screened, Enrolled, Ineligible];

    /// <summary>What the volunteer may answer, from each status.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> VolunteerMay = new Dictionary<string, string[]>
    {
        [Invited] = [Interested, Declined],
        [Interested] = [Declined, Withdrawn],
        [Screened] = [Withdrawn],
        [Enrolled] = [Withdrawn],
    };

    /// <summary>What the study team may record, from each status.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StudyTeamMay = new Dictionary<string, string[]>
    {
        [Interested] = [Screened, Ineligible, Withdrawn],
        [Screened] = [Enrolled, Ineligible, Withdrawn],
        [Enrolled] = [Withdrawn],
    };

    /// <summary>Shown status: an invitation unanswered for four weeks counts as no response.</summary>
    public static string Shown(Invitation invitation, DateTimeOffset now) =>
        invitation.Status == Invited && now - invitation.InvitedAt > NoResponseAfter ? NoResponse : invitation.Status;

    /// <summary>FHIR R4 ResearchSubject.status for a shown status.</summary>
    public static string Fhir(string status) => status switch
    {
        Invited => "potential-candidate",
        Interested => "candidate",
        NoResponse or Declined => "not-registered",
        Screened => "screening",
        Enrolled => "on-study",
        Ineligible => "ineligible",
        Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

namespace MhAll.Panel.Domain;

/// <summary>What a researcher can ask the Panel for.</summary>
public static class InvolvementTypes
{
    public const string DocumentReview = "document-review";
    public const string LaySummaryReview = "lay-summary-review";
    public const string ProtocolReview = "protocol-review";
    public const string AdvisoryGroup = "advisory-group";
    public const string CoDesignWorkshop = "co-design-workshop";

    public static readonly string[] All = [DocumentReview, LaySummaryReview, ProtocolReview, AdvisoryGroup, CoDesignWorkshop];
}

/// <summary>How the involvement takes place.</summary>
public static class InvolvementFormats
{
    public const string Online = "online";
    public const string InPerson = "in-person";
    public const string Hybrid = "hybrid";

    public static readonly string[] All = [Online, InPerson, Hybrid];
}

/// <summary>Where a request is in triage. A researcher edits it while it awaits triage or changes; a coordinator decides.</summary>
public static class RequestStatuses
{
    public const string AwaitingTriage = "awaiting-triage";
    public const string ChangesRequested = "changes-requested";
    public const string Accepted = "accepted";
    public const string Declined = "declined";

    public static readonly string[] All = [AwaitingTriage, ChangesRequested, Accepted, Declined];

    /// <summary>The researcher may still change what they ask for.</summary>
    public static readonly string[] Editable = [AwaitingTriage, ChangesRequested];
}

/// <summary>A coordinator's triage decision on a request awaiting it.</summary>
public static class TriageDecisions
{
    public const string Accept = "accept";
    public const string RequestChanges = "request-changes";
    public const string Decline = "decline";

    public static readonly string[] All = [Accept, RequestChanges, Decline];
}

/// <summary>How a request reached the Panel.</summary>
public static class RequestSources
{
    /// <summary>A researcher filled in the request.</summary>
    public const string Researcher = "researcher";
    /// <summary>Participation told Panel that a study asked for Panel review (<c>StudyPanelReviewRequested</c>).</summary>
    public const string StudyPanelReview = "study-panel-review";
}

/// <summary>An offer of an accepted request to one member (docs/decisions/0009). An accepted offer is the member's involvement.</summary>
public static class OfferStatuses
{
    public const string Outstanding = "outstanding";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Expired = "expired";
    /// <summary>Closed unanswered because the request filled, or because the member left or erased their record.</summary>
    public const string Withdrawn = "withdrawn";

    public static readonly string[] All = [Outstanding, Accepted, Declined, Expired, Withdrawn];
}

/// <summary>Why a member declined an offer, if they say: categories only, so counts can be kept without free text about a person.</summary>
public static class DeclineReasons
{
    public const string NotAvailable = "not-available";
    public const string NotInterested = "not-interested";
    public const string TooMuchTime = "too-much-time";
    public const string Health = "health";
    public const string AccessNeeds = "access-needs";
    public const string Other = "other";

    public static readonly string[] All = [NotAvailable, NotInterested, TooMuchTime, Health, AccessNeeds, Other];
}

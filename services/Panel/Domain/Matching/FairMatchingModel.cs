namespace MhAll.Panel.Domain.Matching;

/// <summary>A member's place in onboarding, as matching sees it: only <see cref="Active"/> members are offered involvement.</summary>
public enum PanelMemberStatus { Applied, Shortlisted, Inducted, Active, Paused, Left }

/// <summary>How an involvement takes place. <see cref="Either"/>: the member may join online or in person.</summary>
public enum InvolvementFormat { Online, InPerson, Either }

/// <summary>The equality categories diversity monitoring records, one axis each.</summary>
public enum EqualityDimension { EthnicGroup, AgeBand, Sex, Disability, LocalAuthority }

/// <summary>Dates a member cannot take part, both ends included.</summary>
public sealed record DateSpan(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly date) => date >= From && date <= To;
}

/// <summary>Whether a member takes part online and in person, and when they cannot.</summary>
public sealed record MemberAvailability(bool Online, bool InPerson, IReadOnlyList<DateSpan> Unavailable)
{
    public static MemberAvailability Anyway(bool online = true, bool inPerson = true) => new(online, inPerson, []);
}

/// <summary>
/// A member's equality categories (codes, e.g. the Census 2021 broad ethnic group "black", age band "25-34").
/// Null or empty means not recorded or prefer not to say: matching treats it as neutral, never as a group.
/// </summary>
public sealed record EqualityProfile(string? EthnicGroup, string? AgeBand, string? Sex, string? Disability, string? LocalAuthority)
{
    public string? Category(EqualityDimension dimension) => (dimension switch
    {
        EqualityDimension.EthnicGroup => EthnicGroup,
        EqualityDimension.AgeBand => AgeBand,
        EqualityDimension.Sex => Sex,
        EqualityDimension.Disability => Disability,
        EqualityDimension.LocalAuthority => LocalAuthority,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    }) is { Length: > 0 } code ? code : null;
}

/// <summary>
/// A Panel member as matching sees them. <see cref="LastInvolved"/> is null for a member never involved;
/// <see cref="OffersOutstanding"/> counts their unanswered offers on any request.
/// </summary>
public sealed record MatchCandidate(
    Guid Id,
    PanelMemberStatus Status,
    IReadOnlySet<string> LivedExperience,
    IReadOnlySet<string> Skills,
    MemberAvailability Availability,
    EqualityProfile Equality,
    DateOnly? LastInvolved,
    int InvolvementsLast12Months,
    int OffersOutstanding);

/// <summary>
/// What a triaged involvement request asks for. An empty <see cref="LivedExperienceWanted"/> means any lived
/// experience will do; every skill in <see cref="SkillsWanted"/> is required. <see cref="Dates"/> are the days the
/// member must be free (none for a review done in the member's own time).
/// </summary>
public sealed record InvolvementRequestSpec(
    Guid Id,
    IReadOnlySet<string> LivedExperienceWanted,
    IReadOnlySet<string> SkillsWanted,
    int MembersWanted,
    InvolvementFormat Format,
    IReadOnlyList<DateOnly> Dates);

/// <summary>
/// Seed: ties are broken by a hash of the member id with it, so equal members take turns between requests and the
/// input order never matters. Recency tie band: members last involved within this many days of the least recently
/// involved one still waiting count as equally due, and diversity chooses among them (docs/decisions/0009).
/// Most outstanding offers: a member holding this many unanswered offers is not offered another.
/// </summary>
public sealed record FairMatchingOptions(ulong Seed, int RecencyTieBandDays = FairMatchingOptions.DefaultRecencyTieBandDays,
    int MostOutstandingOffers = 1)
{
    public const int DefaultRecencyTieBandDays = 60;
}

public enum ExclusionReason
{
    NotActive,
    AlreadyOffered,
    OfferOutstanding,
    FormatDoesNotFit,
    UnavailableOnADate,
    NoWantedLivedExperience,
    MissingWantedSkills,
}

public sealed record CandidateExclusion(Guid MemberId, ExclusionReason Reason);

public enum OfferReasonKind { LivedExperience, Skills, Format, NeverInvolved, LeastRecentlyInvolved, Diversity }

/// <summary>Why a member is offered the request, with the codes it is about and a sentence for a coordinator.</summary>
public sealed record OfferReason(OfferReasonKind Kind, IReadOnlyList<string> Values, string Text)
{
    public override string ToString() => Text;
}

/// <summary>One offer to make now; <see cref="Rank"/> 1 is chosen first.</summary>
public sealed record PlannedOffer(Guid MemberId, int Rank, IReadOnlyList<OfferReason> Reasons);

/// <summary>
/// The offers to make now, in the order they were chosen, and every candidate left out with why (member id order).
/// <see cref="Eligible"/> counts the members who fit, chosen or not.
/// </summary>
public sealed record OfferPlan(IReadOnlyList<PlannedOffer> Offers, IReadOnlyList<CandidateExclusion> Excluded, int Eligible);

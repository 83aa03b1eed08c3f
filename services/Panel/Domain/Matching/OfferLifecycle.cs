namespace MhAll.Panel.Domain.Matching;

public enum OfferState { Outstanding, Accepted, Declined, Expired, Withdrawn }

/// <summary>One offer of a request to a member. <see cref="ClosedAt"/> is when it left <see cref="OfferState.Outstanding"/>.</summary>
public sealed record InvolvementOffer(Guid MemberId, int Rank, DateTimeOffset MadeAt, DateTimeOffset ExpiresAt, OfferState State, DateTimeOffset? ClosedAt = null);

/// <summary>
/// Every offer made for one request. The request is filled when accepted offers reach the members wanted; offers
/// still needed are the members wanted less those accepted and those still outstanding.
/// </summary>
public sealed record OfferBook(Guid RequestId, int MembersWanted, IReadOnlyList<InvolvementOffer> Offers)
{
    public int Accepted => Offers.Count(o => o.State == OfferState.Accepted);
    public int Outstanding => Offers.Count(o => o.State == OfferState.Outstanding);
    public bool IsFilled => Accepted >= MembersWanted;
    public int OffersStillNeeded => Math.Max(0, MembersWanted - Accepted - Outstanding);

    /// <summary>Everyone offered this request, whatever they answered: matching never offers it to them again.</summary>
    public IReadOnlySet<Guid> OfferedMembers => Offers.Select(o => o.MemberId).ToHashSet();

    /// <summary>Members in the group so far (accepted or holding an offer), whose categories replacements are chosen against.</summary>
    public IEnumerable<Guid> GroupSoFar => Offers.Where(o => o.State is OfferState.Accepted or OfferState.Outstanding).Select(o => o.MemberId);
}

public enum AnswerOutcome { Accepted, Declined, NotOffered, AlreadyClosed, Expired, RequestFilled }

/// <summary>The book after a member's answer, and what became of the answer.</summary>
public sealed record AnswerResult(OfferBook Book, AnswerOutcome Outcome);

/// <summary>How long an offer stays open before it passes on to the next candidate.</summary>
public sealed record OfferPolicy(TimeSpan ValidFor)
{
    public static OfferPolicy Default { get; } = new(TimeSpan.FromDays(3));
}

/// <summary>
/// The life of a request's offers as pure functions over an <see cref="OfferBook"/> (docs/decisions/0009): make the
/// planned offers; accept or decline; expire offers past their time; pass on to the next candidates. Time is always
/// passed in, never read from a clock.
/// </summary>
public static class OfferLifecycle
{
    public static OfferBook Open(Guid requestId, int membersWanted)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(membersWanted);
        return new OfferBook(requestId, membersWanted, []);
    }

    /// <summary>Adds the plan's offers, each open until now + <see cref="OfferPolicy.ValidFor"/>; members offered before are skipped.</summary>
    public static OfferBook Make(OfferBook book, OfferPlan plan, DateTimeOffset now, OfferPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ValidFor <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(policy), "Offers must stay open for some time.");
        var offered = book.OfferedMembers;
        var room = book.OffersStillNeeded;
        var added = plan.Offers.Where(o => !offered.Contains(o.MemberId)).Take(room)
            .Select(o => new InvolvementOffer(o.MemberId, o.Rank, now, now + policy.ValidFor, OfferState.Outstanding));
        return book with { Offers = [.. book.Offers, .. added] };
    }

    /// <summary>
    /// A member accepts. Refused when they hold no outstanding offer, when it has expired (even if not yet marked so),
    /// or when the request filled meanwhile. The acceptance that fills the request withdraws the other outstanding offers.
    /// </summary>
    public static AnswerResult Accept(OfferBook book, Guid memberId, DateTimeOffset now)
    {
        var (index, refusal) = Find(book, memberId, now);
        if (refusal is { } outcome) return new AnswerResult(book, outcome);
        if (book.IsFilled) return new AnswerResult(book, AnswerOutcome.RequestFilled);
        var offers = book.Offers.ToArray();
        offers[index] = offers[index] with { State = OfferState.Accepted, ClosedAt = now };
        var updated = book with { Offers = offers };
        if (updated.IsFilled)
            updated = updated with
            {
                Offers = [.. offers.Select(o => o.State == OfferState.Outstanding ? o with { State = OfferState.Withdrawn, ClosedAt = now } : o)],
            };
        return new AnswerResult(updated, AnswerOutcome.Accepted);
    }

    /// <summary>A member declines; their place passes on at the next <see cref="PassOn"/>.</summary>
    public static AnswerResult Decline(OfferBook book, Guid memberId, DateTimeOffset now)
    {
        var (index, refusal) = Find(book, memberId, now);
        if (refusal is { } outcome) return new AnswerResult(book, outcome);
        var offers = book.Offers.ToArray();
        offers[index] = offers[index] with { State = OfferState.Declined, ClosedAt = now };
        return new AnswerResult(book with { Offers = offers }, AnswerOutcome.Declined);
    }

    /// <summary>Marks outstanding offers whose time has come (expires at or before now) as expired.</summary>
    public static OfferBook ExpireDue(OfferBook book, DateTimeOffset now) =>
        book.Offers.Any(o => IsDue(o, now))
            ? book with { Offers = [.. book.Offers.Select(o => IsDue(o, now) ? o with { State = OfferState.Expired, ClosedAt = o.ExpiresAt } : o)] }
            : book;

    /// <summary>
    /// Expires what is due, then offers the places still needed to the next candidates by <see cref="FairMatching"/>,
    /// never to anyone offered this request before, keeping the group so far in view for diversity. The group's
    /// categories are read from the candidates: pass every member who accepted or holds an offer, even if no longer
    /// eligible (a member paused since accepting still counts in the group).
    /// </summary>
    public static (OfferBook Book, OfferPlan Plan) PassOn(OfferBook book, InvolvementRequestSpec request, IReadOnlyCollection<MatchCandidate> candidates,
        PopulationShares population, FairMatchingOptions options, OfferPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (request.Id != book.RequestId) throw new ArgumentException("The request is not the book's.", nameof(request));
        book = ExpireDue(book, now);
        var profiles = candidates.ToDictionary(c => c.Id, c => c.Equality);
        var group = book.GroupSoFar.Where(profiles.ContainsKey).Select(id => profiles[id]).ToList();
        var plan = FairMatching.PlanOffers(request, candidates, population, book.IsFilled ? 0 : book.OffersStillNeeded, options, book.OfferedMembers, group);
        return (Make(book, plan, now, policy), plan);
    }

    private static bool IsDue(InvolvementOffer offer, DateTimeOffset now) => offer.State == OfferState.Outstanding && offer.ExpiresAt <= now;

    private static (int Index, AnswerOutcome? Refusal) Find(OfferBook book, Guid memberId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        var index = -1;
        for (var i = 0; i < book.Offers.Count; i++)
            if (book.Offers[i].MemberId == memberId) index = i;
        if (index < 0) return (index, AnswerOutcome.NotOffered);
        var offer = book.Offers[index];
        if (offer.State != OfferState.Outstanding) return (index, offer.State == OfferState.Expired ? AnswerOutcome.Expired : AnswerOutcome.AlreadyClosed);
        if (offer.ExpiresAt <= now) return (index, AnswerOutcome.Expired);
        return (index, null);
    }
}

using System.Globalization;

namespace MhAll.Panel.Domain.Matching;

/// <summary>
/// Chooses whom to offer an involvement request now (docs/decisions/0009). Hard rules first: an active member, not
/// already offered this request, not holding too many unanswered offers, able to take part in the request's format on
/// every date, with at least one wanted lived-experience area (any, if none is wanted) and every wanted skill.
/// Then least recently involved first (never involved first of all, then fewer involvements in the last 12 months,
/// then a seeded hash of the id), and among the members equally due, the one whose groups the selection so far most
/// under-represents against the local population. Pure and deterministic: the same input and seed give the same
/// plan in any input order.
/// </summary>
public static class FairMatching
{
    /// <param name="offersToMake">How many offers to make now: members still wanted less offers still outstanding on this request.</param>
    /// <param name="alreadyOffered">Members offered this request before, whatever they answered: never offered it twice.</param>
    /// <param name="groupSoFar">Equality profiles of the members who accepted or hold an offer on this request, so replacements keep the group diverse.</param>
    public static OfferPlan PlanOffers(InvolvementRequestSpec request, IEnumerable<MatchCandidate> candidates, PopulationShares population,
        int offersToMake, FairMatchingOptions options, IReadOnlySet<Guid>? alreadyOffered = null, IEnumerable<EqualityProfile>? groupSoFar = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(offersToMake);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RecencyTieBandDays, nameof(options.RecencyTieBandDays));

        var excluded = new List<CandidateExclusion>();
        var eligible = new List<MatchCandidate>();
        var seen = new HashSet<Guid>();
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.Id)) throw new ArgumentException($"Member {candidate.Id} appears more than once.", nameof(candidates));
            if (Exclusion(request, candidate, options, alreadyOffered) is { } reason) excluded.Add(new CandidateExclusion(candidate.Id, reason));
            else eligible.Add(candidate);
        }
        excluded.Sort((a, b) => a.MemberId.CompareTo(b.MemberId));

        // A seed per request, so the same two members do not meet the same tie-break on every request.
        var seed = SeededOrder.Hash(request.Id, options.Seed);
        var ordered = eligible
            .Select(c => (Candidate: c, Hash: SeededOrder.Hash(c.Id, seed)))
            .OrderBy(x => x.Candidate.LastInvolved.HasValue)
            .ThenBy(x => x.Candidate.LastInvolved ?? DateOnly.MinValue)
            .ThenBy(x => x.Candidate.InvolvementsLast12Months)
            .ThenBy(x => x.Hash)
            .ThenBy(x => x.Candidate.Id) // equal hashes of different ids are all but impossible; the id keeps it total
            .Select(x => x.Candidate)
            .ToList();

        var group = new GroupComposition(population, groupSoFar ?? []);
        var taken = new bool[ordered.Count];
        var offers = new List<PlannedOffer>();
        var head = 0;
        while (offers.Count < offersToMake)
        {
            while (head < ordered.Count && taken[head]) head++;
            if (head == ordered.Count) break;

            // The band: everyone as due as the least recently involved member still waiting (a prefix of the order).
            var first = ordered[head];
            var (best, bestShortfall) = (head, group.Shortfall(first.Equality));
            var bandSize = 1;
            for (var i = head + 1; i < ordered.Count && InBand(first, ordered[i], options.RecencyTieBandDays); i++)
            {
                if (taken[i]) continue;
                bandSize++;
                var shortfall = group.Shortfall(ordered[i].Equality);
                if (shortfall > bestShortfall) (best, bestShortfall) = (i, shortfall); // strictly greater: ties go to the more due
            }

            var chosen = ordered[best];
            offers.Add(new PlannedOffer(chosen.Id, offers.Count + 1, Reasons(request, chosen, group, bandSize)));
            group.Add(chosen.Equality);
            taken[best] = true;
        }
        return new OfferPlan(offers, excluded, eligible.Count);
    }

    /// <summary>The first hard rule the member fails for this request, or null when they fit.</summary>
    public static ExclusionReason? Exclusion(InvolvementRequestSpec request, MatchCandidate candidate, FairMatchingOptions options,
        IReadOnlySet<Guid>? alreadyOffered = null)
    {
        if (candidate.Status != PanelMemberStatus.Active) return ExclusionReason.NotActive;
        if (alreadyOffered?.Contains(candidate.Id) == true) return ExclusionReason.AlreadyOffered;
        if (candidate.OffersOutstanding >= options.MostOutstandingOffers) return ExclusionReason.OfferOutstanding;
        if (!FitsFormat(request.Format, candidate.Availability)) return ExclusionReason.FormatDoesNotFit;
        if (request.Dates.Any(d => candidate.Availability.Unavailable.Any(span => span.Contains(d)))) return ExclusionReason.UnavailableOnADate;
        if (request.LivedExperienceWanted.Count > 0 && !request.LivedExperienceWanted.Overlaps(candidate.LivedExperience))
            return ExclusionReason.NoWantedLivedExperience;
        if (!request.SkillsWanted.IsSubsetOf(candidate.Skills)) return ExclusionReason.MissingWantedSkills;
        return null;
    }

    private static bool FitsFormat(InvolvementFormat format, MemberAvailability availability) => format switch
    {
        InvolvementFormat.Online => availability.Online,
        InvolvementFormat.InPerson => availability.InPerson,
        InvolvementFormat.Either => availability.Online || availability.InPerson,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static bool InBand(MatchCandidate first, MatchCandidate other, int bandDays) =>
        first.LastInvolved is not { } since
            ? other.LastInvolved is null
            : other.LastInvolved is { } last && last.DayNumber - since.DayNumber <= bandDays;

    private static List<OfferReason> Reasons(InvolvementRequestSpec request, MatchCandidate chosen, GroupComposition group, int bandSize)
    {
        var reasons = new List<OfferReason>();
        if (request.LivedExperienceWanted.Count > 0)
        {
            var shared = chosen.LivedExperience.Where(request.LivedExperienceWanted.Contains).Order(StringComparer.Ordinal).ToList();
            reasons.Add(new(OfferReasonKind.LivedExperience, shared, $"lived experience: {string.Join(", ", shared.Select(Humanise))}"));
        }
        if (request.SkillsWanted.Count > 0)
        {
            var skills = request.SkillsWanted.Order(StringComparer.Ordinal).ToList();
            reasons.Add(new(OfferReasonKind.Skills, skills, $"skills: {string.Join(", ", skills.Select(Humanise))}"));
        }
        var format = request.Format switch
        {
            InvolvementFormat.Online => "online",
            InvolvementFormat.InPerson => "in-person",
            _ => chosen.Availability.Online && chosen.Availability.InPerson ? "online or in-person" : chosen.Availability.Online ? "online" : "in-person",
        };
        reasons.Add(new(OfferReasonKind.Format, [format], $"can take part {Humanise(format)}"));
        reasons.Add(chosen.LastInvolved is { } last
            ? new(OfferReasonKind.LeastRecentlyInvolved, [last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
                $"last involved {last.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}, {chosen.InvolvementsLast12Months} time(s) in the last 12 months")
            : new(OfferReasonKind.NeverInvolved, [], "never involved yet"));
        var under = group.UnderRepresented(chosen.Equality);
        if (under.Count > 0)
        {
            var among = bandSize > 1 ? $"chosen among {bandSize} members equally due" : "the most due member";
            reasons.Add(new(OfferReasonKind.Diversity, [.. under.Select(u => $"{Code(u.Dimension)}:{u.Category}")],
                $"{among}; brings the group closer to the local population: " +
                string.Join("; ", under.Select(u => $"{Label(u.Dimension)} {Humanise(u.Category)} ({u.InGroup} of {u.GroupSize} so far, {u.PercentOfPopulation}% locally)"))));
        }
        return reasons;
    }

    private static string Humanise(string code) => code.Replace('-', ' ');

    private static string Code(EqualityDimension dimension) => dimension switch
    {
        EqualityDimension.EthnicGroup => "ethnic-group",
        EqualityDimension.AgeBand => "age-band",
        EqualityDimension.Sex => "sex",
        EqualityDimension.Disability => "disability",
        EqualityDimension.LocalAuthority => "local-authority",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    private static string Label(EqualityDimension dimension) => Humanise(Code(dimension));
}

/// <summary>
/// The categories of the group being formed (members accepted or offered so far), and how far short of the
/// population each is: a category's shortfall in a group of n + 1 is its population share × (n + 1) less the members
/// it already has, in parts per million, never below 0. A candidate's shortfall sums their categories' over the
/// dimensions with population shares; integers, so the sum is exact in any order.
/// </summary>
internal sealed class GroupComposition
{
    private readonly PopulationShares population;
    private readonly EqualityDimension[] dimensions;
    private readonly Dictionary<(EqualityDimension, string), long> counts = [];
    private long size;

    public GroupComposition(PopulationShares population, IEnumerable<EqualityProfile> members)
    {
        this.population = population;
        dimensions = [.. population.Dimensions];
        foreach (var member in members) Add(member);
    }

    public void Add(EqualityProfile member)
    {
        size++;
        foreach (var dimension in dimensions)
            if (member.Category(dimension) is { } category)
                counts[(dimension, category)] = counts.GetValueOrDefault((dimension, category)) + 1;
    }

    public long Shortfall(EqualityProfile candidate)
    {
        long total = 0;
        foreach (var dimension in dimensions) total += Shortfall(dimension, candidate.Category(dimension));
        return total;
    }

    public List<(EqualityDimension Dimension, string Category, long InGroup, long GroupSize, long PercentOfPopulation)> UnderRepresented(EqualityProfile candidate) =>
        [.. dimensions
            .Where(d => Shortfall(d, candidate.Category(d)) > 0)
            .Select(d => (d, candidate.Category(d)!, counts.GetValueOrDefault((d, candidate.Category(d)!)), size,
                (population.PartsPerMillion(d, candidate.Category(d)) + 5_000) / 10_000))];

    private long Shortfall(EqualityDimension dimension, string? category)
    {
        if (category is null) return 0;
        var owed = population.PartsPerMillion(dimension, category) * (size + 1) - counts.GetValueOrDefault((dimension, category)) * PopulationShares.Million;
        return Math.Max(0, owed);
    }
}

using System.Globalization;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Matching;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Offers;

/// <summary>How offers are made and passed on (section <c>Panel:Offers</c>); the matching policy of docs/decisions/0009.</summary>
public sealed class OfferOptions
{
    public const string Section = "Panel:Offers";

    /// <summary>How long an offer stays open (never past the request's respond-by date).</summary>
    public TimeSpan ValidFor { get; set; } = OfferPolicy.Default.ValidFor;
    public int RecencyTieBandDays { get; set; } = FairMatchingOptions.DefaultRecencyTieBandDays;
    public int MostOutstandingOffers { get; set; } = 1;
    /// <summary>How often the background sweep expires due offers and passes places on.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The local population matching balances a group against: Census 2021 for the 22 authorities, from
/// <c>ReferenceData/population_shares.csv</c> (derived from Learning's baselines by its <c>derive.py</c>). Disability has
/// no figures there, so it counts as neutral.
/// </summary>
public sealed class PanelPopulation(PopulationShares shares)
{
    public PopulationShares Shares { get; } = shares;

    public static PanelPopulation Load(string path)
    {
        var shares = new Dictionary<EqualityDimension, Dictionary<string, double>>();
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var dimension = cells[0] switch
            {
                "ethnic-group" => EqualityDimension.EthnicGroup,
                "age-band" => EqualityDimension.AgeBand,
                "sex" => EqualityDimension.Sex,
                "disability" => EqualityDimension.Disability,
                "local-authority" => EqualityDimension.LocalAuthority,
                _ => throw new InvalidDataException($"Unknown dimension '{cells[0]}' in {Path.GetFileName(path)}."),
            };
            if (!shares.TryGetValue(dimension, out var categories)) shares[dimension] = categories = new(StringComparer.Ordinal);
            categories[cells[1]] = double.Parse(cells[2], CultureInfo.InvariantCulture);
        }
        return new PanelPopulation(new PopulationShares(shares.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, double>)s.Value)));
    }
}

/// <summary>
/// A request's offers as the domain's <see cref="OfferBook"/>, read and written under the request's row lock: every
/// change to a request's offers (starting matching, an answer, the sweep, a member leaving) holds it, so two answers
/// for the last place are taken one after the other and exactly one wins.
/// </summary>
public static class OfferBooks
{
    /// <summary>Runs <paramref name="work"/> in a transaction holding the request's row (<c>FOR UPDATE</c>; with
    /// <paramref name="skipLocked"/>, null when someone else holds it), then saves and commits.</summary>
    public static Task<T> WithRequestLockedAsync<T>(this PanelDbContext db, Guid requestId, bool skipLocked, Func<InvolvementRequest?, Task<T>> work,
        CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var locked = skipLocked
                ? db.InvolvementRequests.FromSql($"SELECT *, xmin FROM involvement_requests WHERE id = {requestId} FOR UPDATE SKIP LOCKED")
                : db.InvolvementRequests.FromSql($"SELECT *, xmin FROM involvement_requests WHERE id = {requestId} FOR UPDATE");
            var request = (await locked.ToListAsync(ct)).SingleOrDefault();
            var result = await work(request);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        });

    public static OfferState StateOf(string status) => status switch
    {
        OfferStatuses.Outstanding => OfferState.Outstanding,
        OfferStatuses.Accepted => OfferState.Accepted,
        OfferStatuses.Declined => OfferState.Declined,
        OfferStatuses.Expired => OfferState.Expired,
        OfferStatuses.Withdrawn => OfferState.Withdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an offer status."),
    };

    public static string StatusOf(OfferState state) => state switch
    {
        OfferState.Outstanding => OfferStatuses.Outstanding,
        OfferState.Accepted => OfferStatuses.Accepted,
        OfferState.Declined => OfferStatuses.Declined,
        OfferState.Expired => OfferStatuses.Expired,
        OfferState.Withdrawn => OfferStatuses.Withdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The request's offers, tracked, and the book they make.</summary>
    public static async Task<(OfferBook Book, List<Offer> Rows)> LoadAsync(PanelDbContext db, InvolvementRequest request, CancellationToken ct)
    {
        var rows = await db.Offers.Where(o => o.RequestId == request.Id).OrderBy(o => o.MadeAt).ThenBy(o => o.Rank).ToListAsync(ct);
        var offers = rows.Select(o => new InvolvementOffer(o.MemberId, o.Rank, o.MadeAt, o.ExpiresAt, StateOf(o.Status), o.ClosedAt)).ToList();
        return (new OfferBook(request.Id, request.MembersWanted ?? 0, offers), rows);
    }

    /// <summary>Writes the book back: states changed on the rows, new offers added (with the plan's reasons). Returns the new rows.</summary>
    public static List<Offer> Save(PanelDbContext db, OfferBook book, List<Offer> rows, OfferPlan? plan, DateTimeOffset now)
    {
        var byMember = rows.ToDictionary(r => r.MemberId);
        var planned = plan?.Offers.ToDictionary(p => p.MemberId) ?? [];
        var added = new List<Offer>();
        foreach (var offer in book.Offers)
        {
            var status = StatusOf(offer.State);
            if (byMember.TryGetValue(offer.MemberId, out var row))
            {
                if (row.Status != status) (row.Status, row.ClosedAt) = (status, offer.ClosedAt);
                continue;
            }
            var made = new Offer
            {
                Id = Guid.CreateVersion7(now), RequestId = book.RequestId, MemberId = offer.MemberId, Rank = offer.Rank, MadeAt = offer.MadeAt,
                ExpiresAt = offer.ExpiresAt, Status = status, ClosedAt = offer.ClosedAt,
                Reasons = planned.TryGetValue(offer.MemberId, out var p) ? [.. p.Reasons.Select(r => r.Text)] : [],
            };
            db.Offers.Add(made);
            added.Add(made);
        }
        return added;
    }

    /// <summary>When the request stops taking answers: the end of its respond-by day, or of its start day; null when neither is set.</summary>
    public static DateTimeOffset? ClosesAt(InvolvementRequest request) =>
        (request.RespondBy ?? request.StartDate) is { } day ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static bool OpenForOffers(InvolvementRequest request, DateTimeOffset now) => ClosesAt(request) is not { } closes || closes > now;

    /// <summary>
    /// Expires what is due and offers the places still needed to the next members by fair matching, in the caller's
    /// lock; nothing new once the request has closed for answers. Returns the plan (null when closed) and the offers made.
    /// </summary>
    public static async Task<(OfferPlan? Plan, List<Offer> Made)> PassOnAsync(PanelDbContext db, InvolvementRequest request, OfferOptions options,
        PopulationShares population, DateTimeOffset now, CancellationToken ct)
    {
        var (book, rows) = await LoadAsync(db, request, ct);
        var validFor = ClosesAt(request) is { } closes && closes - now < options.ValidFor ? closes - now : options.ValidFor;
        if (validFor <= TimeSpan.Zero)
        {
            Save(db, OfferLifecycle.ExpireDue(book, now), rows, null, now);
            return (null, []);
        }
        var spec = Spec(request);
        var candidates = await CandidatesAsync(db, book, spec.Dates, now, ct);
        var matching = new FairMatchingOptions(unchecked((ulong)(request.MatchingSeed ?? 0)), options.RecencyTieBandDays, options.MostOutstandingOffers);
        var (passed, plan) = OfferLifecycle.PassOn(book, spec, candidates, population, matching, new OfferPolicy(validFor), now);
        return (plan, Save(db, passed, rows, plan, now));
    }

    /// <summary>
    /// Active members (and whoever is in the request's group so far, for its balance) as matching sees them: last involved
    /// on the latest activity they accepted (its start date, else when they accepted), accepted involvements dated in the
    /// last 12 months, unanswered offers still open on any request.
    /// </summary>
    public static async Task<List<MatchCandidate>> CandidatesAsync(PanelDbContext db, OfferBook book, IReadOnlyList<DateOnly> dates,
        DateTimeOffset now, CancellationToken ct)
    {
        var group = book.GroupSoFar.ToList();
        var members = await db.Members.AsNoTracking()
            .Where(m => m.ErasedAt == null && (m.Status == MemberStatuses.Active || group.Contains(m.Id))).ToListAsync(ct);
        var involvements = (await (from o in db.Offers.AsNoTracking()
                    where o.Status == OfferStatuses.Accepted
                    join r in db.InvolvementRequests.AsNoTracking() on o.RequestId equals r.Id
                    select new { o.MemberId, r.StartDate, o.ClosedAt, o.MadeAt }).ToListAsync(ct))
            .GroupBy(i => i.MemberId)
            .ToDictionary(g => g.Key, g => g.Select(i => i.StartDate ?? DateOnly.FromDateTime((i.ClosedAt ?? i.MadeAt).UtcDateTime)).ToList());
        var outstanding = await db.Offers.AsNoTracking().Where(o => o.Status == OfferStatuses.Outstanding && o.ExpiresAt > now)
            .GroupBy(o => o.MemberId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var yearAgo = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1);
        return [.. members.Select(m =>
        {
            var dates = involvements.GetValueOrDefault(m.Id) ?? [];
            return new MatchCandidate(m.Id, StatusOf(m), m.LivedExperience.ToHashSet(), m.Skills.ToHashSet(), AvailabilityOf(m, dates),
                EqualityOf(m), dates.Count == 0 ? null : dates.Max(), dates.Count(d => d > yearAgo), outstanding.GetValueOrDefault(m.Id));
        })];
    }

    /// <summary>What matching needs of a request. Reviews are done in the member's own time (no dates); a meeting needs its
    /// days free: every day of a span of up to a week, else its first day (a long advisory group sets later dates with members).</summary>
    public static InvolvementRequestSpec Spec(InvolvementRequest r) =>
        new(r.Id, r.LivedExperienceWanted.ToHashSet(), r.SkillsWanted.ToHashSet(), r.MembersWanted ?? 0, FormatOf(r.Format), DatesOf(r));

    public static IReadOnlyList<DateOnly> DatesOf(InvolvementRequest r)
    {
        if (r.Type is not (InvolvementTypes.AdvisoryGroup or InvolvementTypes.CoDesignWorkshop) || r.StartDate is not { } start) return [];
        var end = r.EndDate ?? start;
        return end.DayNumber - start.DayNumber is >= 0 and < 7 ? [.. Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(start.AddDays)] : [start];
    }

    private static InvolvementFormat FormatOf(string? format) => format switch
    {
        InvolvementFormats.InPerson => InvolvementFormat.InPerson,
        InvolvementFormats.Hybrid => InvolvementFormat.Either,
        _ => InvolvementFormat.Online,
    };

    private static PanelMemberStatus StatusOf(PanelMember m) => m.Status switch
    {
        MemberStatuses.Active => PanelMemberStatus.Active,
        MemberStatuses.Paused => PanelMemberStatus.Paused,
        MemberStatuses.Applied => PanelMemberStatus.Applied,
        MemberStatuses.Shortlisted => PanelMemberStatus.Shortlisted,
        MemberStatuses.Inducted => PanelMemberStatus.Inducted,
        _ => PanelMemberStatus.Left,
    };

    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Formats and days as the member gave them; none given means no limit said (not "never").</summary>
    private static MemberAvailability AvailabilityOf(PanelMember m, IReadOnlyList<DateOnly> dates)
    {
        var online = m.Formats.Count == 0 || m.Formats.Contains("online");
        var inPerson = m.Formats.Count == 0 || m.Formats.Contains("in-person");
        var away = m.AvailableDays.Count == 0 ? [] : dates.Where(d => !m.AvailableDays.Contains(DayCodes[(int)d.DayOfWeek])).Select(d => new DateSpan(d, d)).ToList();
        return new MemberAvailability(online, inPerson, away);
    }

    /// <summary>Stated categories only; the ethnic group as its Census 2021 broad group (asian, black, mixed, white, other): a Panel group is a handful of people.</summary>
    private static EqualityProfile EqualityOf(PanelMember m) => new(
        MemberVocabulary.Stated(m.EthnicGroup)?.Split('-')[0], MemberVocabulary.Stated(m.AgeBand), MemberVocabulary.Stated(m.Sex),
        MemberVocabulary.Stated(m.Disability), MemberVocabulary.Stated(m.LocalAuthority));

    /// <summary>A member who is paused, leaves or is erased holds no place: their unanswered offers are withdrawn (the sweep passes the places on).</summary>
    public static async Task<int> WithdrawOutstandingAsync(PanelDbContext db, Guid memberId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Offers.Where(o => o.MemberId == memberId && o.Status == OfferStatuses.Outstanding).ToListAsync(ct);
        foreach (var offer in open) (offer.Status, offer.ClosedAt) = (OfferStatuses.Withdrawn, now);
        return open.Count;
    }

    /// <summary>The seed when the coordinator gives none: from the request id, so running matching again plans the same.
    /// 53 bits, so a JavaScript client reads it back exactly.</summary>
    public static long DefaultSeed(Guid requestId) => BitConverter.ToInt64(requestId.ToByteArray(), 0) & MaxSeed;

    public const long MaxSeed = (1L << 53) - 1;
}

using MhAll.Panel.Domain.Matching;
using static MhAll.UnitTests.Panel.PanelMembers;
using Xunit.Abstractions;

namespace MhAll.UnitTests.Panel;

/// <summary>
/// A year of weekly involvement requests over a pool of 200 members in several groups, run through the offer
/// lifecycle: members accept, decline or let an offer expire at random, declined and expired places pass on.
/// </summary>
public sealed class FairnessSimulationTests(ITestOutputHelper output)
{
    private static readonly string[] Areas = ["psychosis", "eating-disorders", "self-harm", "perinatal"];

    private static readonly (EqualityDimension Dimension, (string Category, double Share)[] Shares)[] Population =
    [
        (EqualityDimension.EthnicGroup, [("white", 0.55), ("asian", 0.20), ("black", 0.15), ("mixed", 0.06), ("other", 0.04)]),
        (EqualityDimension.AgeBand, [("18-24", 0.12), ("25-44", 0.38), ("45-64", 0.32), ("65-plus", 0.18)]),
        (EqualityDimension.Sex, [("female", 0.51), ("male", 0.49)]),
        (EqualityDimension.Disability, [("disabled", 0.18), ("not-disabled", 0.82)]),
        (EqualityDimension.LocalAuthority, [("newham", 0.4), ("hackney", 0.35), ("havering", 0.25)]),
    ];

    private sealed class SimulatedMember(MatchCandidate profile)
    {
        public MatchCandidate Profile { get; } = profile;
        public List<DateOnly> Involved { get; } = [];

        public MatchCandidate AsOf(DateOnly today) => Profile with
        {
            LastInvolved = Involved.Count == 0 ? null : Involved[^1],
            InvolvementsLast12Months = Involved.Count(d => d > today.AddYears(-1)),
        };

        /// <summary>Equally suitable members share lived experience, skills and formats: every request fits them alike.</summary>
        public string Suitability => string.Join(",", Profile.LivedExperience.Order()) + "|" + string.Join(",", Profile.Skills.Order()) +
                                     "|" + Profile.Availability.Online + Profile.Availability.InPerson;
    }

    [Theory]
    [InlineData(2027)]
    [InlineData(11)]
    [InlineData(424242)]
    [InlineData(5)]
    [InlineData(77)]
    [InlineData(1234)]
    [InlineData(99)]
    [InlineData(31337)]
    [InlineData(8)]
    [InlineData(2026)]
    public void Over_a_year_equally_suitable_members_differ_by_at_most_two_involvements_and_no_group_is_left_out(int seed)
    {
        var random = new Random(seed);
        var population = new PopulationShares(Population.ToDictionary(p => p.Dimension,
            p => (IReadOnlyDictionary<string, double>)p.Shares.ToDictionary(s => s.Category, s => s.Share)));
        var members = Enumerable.Range(0, 200).Select(_ => new SimulatedMember(RandomMember(random))).ToList();
        var options = new FairMatchingOptions((ulong)seed);
        var policy = OfferPolicy.Default;

        var start = new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
        var filled = 0;
        for (var week = 0; week < 52; week++)
        {
            var now = start.AddDays(7 * week);
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var request = RandomRequest(random);
            var book = OfferLifecycle.Open(request.Id, request.MembersWanted);
            var candidates = members.Select(m => m.AsOf(today)).ToList();
            for (var round = 0; round < 40 && !book.IsFilled; round++, now = now.AddDays(1))
            {
                (book, var plan) = OfferLifecycle.PassOn(book, request, candidates, population, options, policy, now);
                if (plan.Offers.Count == 0 && book.Outstanding == 0) break; // nobody left to ask
                foreach (var offer in plan.Offers)
                {
                    var answer = random.NextDouble();
                    if (answer < 0.7) book = OfferLifecycle.Accept(book, offer.MemberId, now.AddHours(5)).Book;
                    else if (answer < 0.9) book = OfferLifecycle.Decline(book, offer.MemberId, now.AddHours(5)).Book;
                    // otherwise no answer: the offer expires after the policy's time and passes on
                }
            }
            if (book.IsFilled) filled++;
            var byId = members.ToDictionary(m => m.Profile.Id);
            foreach (var accepted in book.Offers.Where(o => o.State == OfferState.Accepted)) byId[accepted.MemberId].Involved.Add(today);
        }

        var classes = members.GroupBy(m => m.Suitability).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"{filled} of 52 filled, {members.Sum(m => m.Involved.Count)} involvements, {classes.Count} classes of equally suitable members, " +
                         $"widest spread within a class {classes.Max(g => g.Max(m => m.Involved.Count) - g.Min(m => m.Involved.Count))}");
        Assert.True(filled >= 45, $"only {filled} of 52 requests filled");
        foreach (var equals in classes)
        {
            var counts = equals.Select(m => m.Involved.Count).ToList();
            Assert.True(counts.Max() - counts.Min() <= 2,
                $"members suitable as {equals.Key} were involved {counts.Min()} to {counts.Max()} times");
        }
        foreach (var dimension in Enum.GetValues<EqualityDimension>())
            foreach (var group in members.GroupBy(m => m.Profile.Equality.Category(dimension)).Where(g => g.Key is not null))
                Assert.True(group.Sum(m => m.Involved.Count) > 0, $"{dimension} {group.Key} was never involved");
    }

    private static MatchCandidate RandomMember(Random random)
    {
        string Draw(EqualityDimension dimension)
        {
            var shares = Population.Single(p => p.Dimension == dimension).Shares;
            var target = random.NextDouble();
            foreach (var (category, share) in shares)
                if ((target -= share) < 0) return category;
            return shares[^1].Category;
        }
        var areas = Areas.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();
        var skills = random.NextDouble() < 0.4 ? new[] { "document-review" } : [];
        var (online, inPerson) = random.NextDouble() switch { < 0.5 => (true, true), < 0.8 => (true, false), _ => (false, true) };
        return Member(id: IdFrom(random), livedExperience: areas, skills: skills, online: online, inPerson: inPerson,
            equality: new EqualityProfile(Draw(EqualityDimension.EthnicGroup), Draw(EqualityDimension.AgeBand), Draw(EqualityDimension.Sex),
                Draw(EqualityDimension.Disability), Draw(EqualityDimension.LocalAuthority)));
    }

    private static InvolvementRequestSpec RandomRequest(Random random)
    {
        string[] wanted = random.NextDouble() < 0.2 ? [] : [Areas[random.Next(Areas.Length)]];
        string[] skills = random.NextDouble() < 0.25 ? ["document-review"] : [];
        var format = random.NextDouble() switch { < 0.5 => InvolvementFormat.Online, < 0.7 => InvolvementFormat.InPerson, _ => InvolvementFormat.Either };
        return Request(id: IdFrom(random), livedExperience: wanted, skills: skills, membersWanted: random.Next(4, 9), format: format);
    }
}

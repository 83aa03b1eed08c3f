using MhAll.Panel.Domain.Matching;

namespace MhAll.UnitTests.Panel;

/// <summary>Members and requests for the Panel matching tests: every field defaults to a member who fits.</summary>
internal static class PanelMembers
{
    public static readonly FairMatchingOptions Options = new(Seed: 42);

    public static readonly EqualityProfile Unrecorded = new(null, null, null, null, null);

    public static MatchCandidate Member(
        Guid? id = null, PanelMemberStatus status = PanelMemberStatus.Active, string[]? livedExperience = null, string[]? skills = null,
        bool online = true, bool inPerson = true, DateSpan[]? unavailable = null, EqualityProfile? equality = null,
        DateOnly? lastInvolved = null, int involvements = 0, int offersOutstanding = 0) =>
        new(id ?? Guid.NewGuid(), status, (livedExperience ?? ["psychosis"]).ToHashSet(), (skills ?? []).ToHashSet(),
            new MemberAvailability(online, inPerson, unavailable ?? []), equality ?? Unrecorded, lastInvolved, involvements, offersOutstanding);

    public static InvolvementRequestSpec Request(
        string[]? livedExperience = null, string[]? skills = null, int membersWanted = 1, InvolvementFormat format = InvolvementFormat.Either,
        DateOnly[]? dates = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), (livedExperience ?? []).ToHashSet(), (skills ?? []).ToHashSet(), membersWanted, format, dates ?? []);

    public static EqualityProfile Ethnic(string group) => Unrecorded with { EthnicGroup = group };

    public static PopulationShares EthnicShares(params (string Group, double Share)[] shares) =>
        new(new Dictionary<EqualityDimension, IReadOnlyDictionary<string, double>>
        {
            [EqualityDimension.EthnicGroup] = shares.ToDictionary(s => s.Group, s => s.Share),
        });

    public static DateOnly Day(int year, int month, int day) => new(year, month, day);

    /// <summary>An id drawn from a seeded generator, so a test's ties and their outcome are the same on every run.</summary>
    public static Guid IdFrom(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

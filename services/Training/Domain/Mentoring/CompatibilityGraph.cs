using System.Numerics;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MhAll.UnitTests")]
[assembly: InternalsVisibleTo("MhAll.Benchmarks")]

namespace MhAll.Training.Domain.Mentoring;

/// <summary>
/// Every allowed mentee–mentor pair with its score (the rules of <see cref="MentorFit"/>), less the pairs a
/// coordinator rejected, mentors and mentees in id order. Each kind of code becomes a bit set over the codes mentors
/// use, so the 2.5 million pairs of a 5,000 × 500 round cost a few popcounts each, and only mentors who support a
/// mentee's profession are looked at. Pairs with a mentor who has no capacity get no edge but still count as
/// compatible, for the unmatched reason.
/// </summary>
internal sealed class CompatibilityGraph
{
    public required MentorCandidate[] Mentors { get; init; }
    public required MenteeRequest[] Mentees { get; init; }

    /// <summary>Mentee w's edges are EdgeStart[w] to EdgeStart[w + 1] − 1, in mentor order.</summary>
    public required int[] EdgeStart { get; init; }
    public required int[] EdgeMentee { get; init; }
    public required int[] EdgeMentor { get; init; }
    public required int[] EdgeScore { get; init; }

    /// <summary>Per mentee, how many mentors the rules allow, those without capacity included.</summary>
    public required int[] CompatibleMentors { get; init; }

    public static CompatibilityGraph Build(IEnumerable<MentorCandidate> mentorsGiven, IEnumerable<MenteeRequest> menteesGiven,
        IEnumerable<(Guid MenteeId, Guid MentorId)>? rejectedPairs = null)
    {
        ArgumentNullException.ThrowIfNull(mentorsGiven);
        ArgumentNullException.ThrowIfNull(menteesGiven);
        // Id order fixes every later choice, so the input's order cannot change the answer.
        var mentors = mentorsGiven.OrderBy(m => m.Id).ToArray();
        var mentees = menteesGiven.OrderBy(m => m.Id).ToArray();
        RequireDistinct(mentors.Select(m => m.Id), nameof(mentorsGiven));
        RequireDistinct(mentees.Select(m => m.Id), nameof(menteesGiven));
        foreach (var mentor in mentors)
            ArgumentOutOfRangeException.ThrowIfNegative(mentor.Capacity, nameof(MentorCandidate.Capacity));

        var methods = new CodeSets(mentors.Select(m => m.Methods));
        var topics = new CodeSets(mentors.Select(m => m.Topics));
        var slots = new CodeSets(mentors.Select(m => m.Availability));
        var modes = new CodeSets(mentors.Select(m => m.Modes));
        ulong[] mentorMethods = methods.Encode(mentors.Select(m => m.Methods)), menteeMethods = methods.Encode(mentees.Select(m => m.Methods));
        ulong[] mentorTopics = topics.Encode(mentors.Select(m => m.Topics)), menteeTopics = topics.Encode(mentees.Select(m => m.Topics));
        ulong[] mentorSlots = slots.Encode(mentors.Select(m => m.Availability)), menteeSlots = slots.Encode(mentees.Select(m => m.Availability));
        ulong[] mentorModes = modes.Encode(mentors.Select(m => m.Modes)), menteeModes = modes.Encode(mentees.Select(m => m.Modes));

        var rejected = rejectedPairs?.ToHashSet() ?? [];
        var mentorsByProfession = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var v = 0; v < mentors.Length; v++)
            foreach (var profession in mentors[v].ProfessionsSupported)
            {
                if (!mentorsByProfession.TryGetValue(profession, out var list)) mentorsByProfession[profession] = list = [];
                list.Add(v); // ascending, so each mentee's edges come out in mentor order
            }

        var edgeStart = new int[mentees.Length + 1];
        var compatible = new int[mentees.Length];
        List<int> edgeMentee = [], edgeMentor = [], edgeScore = [];
        for (var w = 0; w < mentees.Length; w++)
        {
            edgeStart[w] = edgeMentor.Count;
            if (!mentorsByProfession.TryGetValue(mentees[w].Profession, out var supporting)) continue;
            foreach (var v in supporting)
            {
                if (mentors[v].Id == mentees[w].Id || (rejected.Count > 0 && rejected.Contains((mentees[w].Id, mentors[v].Id)))) continue;
                var sharedSlots = CodeSets.Shared(mentorSlots, v, menteeSlots, w, slots.Words);
                if (sharedSlots == 0 || CodeSets.Shared(mentorModes, v, menteeModes, w, modes.Words) == 0) continue;
                compatible[w]++;
                if (mentors[v].Capacity == 0) continue;
                edgeMentee.Add(w);
                edgeMentor.Add(v);
                edgeScore.Add(MentorFit.Score(
                    CodeSets.Shared(mentorMethods, v, menteeMethods, w, methods.Words),
                    CodeSets.Shared(mentorTopics, v, menteeTopics, w, topics.Words),
                    sharedSlots));
            }
        }
        edgeStart[mentees.Length] = edgeMentor.Count;

        return new CompatibilityGraph
        {
            Mentors = mentors, Mentees = mentees, EdgeStart = edgeStart, EdgeMentee = [.. edgeMentee], EdgeMentor = [.. edgeMentor],
            EdgeScore = [.. edgeScore], CompatibleMentors = compatible,
        };
    }

    private static void RequireDistinct(IEnumerable<Guid> sortedIds, string parameter)
    {
        Guid? previous = null;
        foreach (var id in sortedIds)
        {
            if (id == previous) throw new ArgumentException($"Id {id} appears more than once.", parameter);
            previous = id;
        }
    }

    /// <summary>Codes of one kind as bit sets, numbered in the order mentors first use them; codes no mentor has cannot be shared and are dropped.</summary>
    private sealed class CodeSets
    {
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        public CodeSets(IEnumerable<IReadOnlySet<string>> mentorSets)
        {
            foreach (var set in mentorSets)
                foreach (var code in set)
                    numbers.TryAdd(code, numbers.Count);
            Words = Math.Max(1, (numbers.Count + 63) / 64);
        }

        public int Words { get; }

        /// <summary>One bit set of <see cref="Words"/> words per set, end to end.</summary>
        public ulong[] Encode(IEnumerable<IReadOnlySet<string>> sets)
        {
            var list = sets.ToList();
            var bits = new ulong[list.Count * Words];
            for (var i = 0; i < list.Count; i++)
                foreach (var code in list[i])
                    if (numbers.TryGetValue(code, out var n))
                        bits[i * Words + n / 64] |= 1UL << (n % 64);
            return bits;
        }

        public static int Shared(ulong[] a, int i, ulong[] b, int j, int words)
        {
            var count = 0;
            for (var k = 0; k < words; k++) count += BitOperations.PopCount(a[i * words + k] & b[j * words + k]);
            return count;
        }
    }
}

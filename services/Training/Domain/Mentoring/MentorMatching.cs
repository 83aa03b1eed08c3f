namespace MhAll.Training.Domain.Mentoring;

/// <summary>
/// A researcher who completed mentor training, as matching sees them. Sets hold codes, compared exactly.
/// Capacity is how many more mentees they will take this round (0: none).
/// </summary>
public sealed record MentorCandidate(
    Guid Id,
    IReadOnlySet<string> Methods,
    IReadOnlySet<string> Topics,
    IReadOnlySet<string> ProfessionsSupported,
    int Capacity,
    IReadOnlySet<string> Availability,
    IReadOnlySet<string> Modes);

/// <summary>Someone asking for a mentor: their profession, their goals as topics, the methods they want to learn, when and how they can meet.</summary>
public sealed record MenteeRequest(
    Guid Id,
    string Profession,
    IReadOnlySet<string> Topics,
    IReadOnlySet<string> Methods,
    IReadOnlySet<string> Availability,
    IReadOnlySet<string> Modes);

public sealed record MentorMatch(Guid MenteeId, Guid MentorId, int Score, IReadOnlyList<MatchReason> Reasons);

public enum UnmatchedReason
{
    /// <summary>No mentor is allowed for them (profession, slots, modes): recruiting mentors is the only remedy.</summary>
    NoCompatibleMentor,

    /// <summary>Some are, but every place with them went to someone else (or they have none this round).</summary>
    CompatibleMentorsFull,
}

public sealed record UnmatchedMentee(Guid MenteeId, UnmatchedReason Reason, int CompatibleMentors);

/// <summary>What matching proposes for a coordinator to confirm; both lists in mentee id order.</summary>
public sealed record MentoringProposal(IReadOnlyList<MentorMatch> Matches, IReadOnlyList<UnmatchedMentee> Unmatched)
{
    public int TotalScore => Matches.Sum(m => m.Score);
}

/// <summary>
/// Pairs mentees with mentors (docs/decisions/0008): as many mentees as mentors' capacities allow, and among all
/// assignments that match that many, one with the greatest total fit (<see cref="MentorFit"/>). Solved exactly as a
/// min-cost maximum flow. Deterministic: the answer depends on the people, not on the order they are given in.
/// </summary>
public static class MentorMatching
{
    /// <param name="rejectedPairs">Pairs a coordinator turned down: never proposed again, and not counted as compatible.</param>
    public static MentoringProposal Match(IEnumerable<MentorCandidate> mentors, IEnumerable<MenteeRequest> mentees,
        IEnumerable<(Guid MenteeId, Guid MentorId)>? rejectedPairs = null)
    {
        var graph = CompatibilityGraph.Build(mentors, mentees, rejectedPairs);
        var assignment = MaximumFitAssignment.Solve(graph);

        var matches = new List<MentorMatch>();
        var unmatched = new List<UnmatchedMentee>();
        for (var w = 0; w < graph.Mentees.Length; w++)
        {
            var mentee = graph.Mentees[w];
            var edge = assignment[w];
            if (edge >= 0)
            {
                var mentor = graph.Mentors[graph.EdgeMentor[edge]];
                var fit = MentorFit.Assess(mentor, mentee)!;
                matches.Add(new MentorMatch(mentee.Id, mentor.Id, fit.Score, fit.Reasons));
            }
            else
            {
                // At a maximum flow an unmatched mentee's allowed mentors are all full: otherwise they could be added.
                var compatible = graph.CompatibleMentors[w];
                unmatched.Add(new UnmatchedMentee(mentee.Id, compatible == 0 ? UnmatchedReason.NoCompatibleMentor : UnmatchedReason.CompatibleMentorsFull, compatible));
            }
        }
        return new MentoringProposal(matches, unmatched);
    }
}

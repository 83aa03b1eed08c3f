namespace MhAll.Training.Domain.Mentoring;

public enum MatchReasonKind { Profession, Methods, Topics, Availability, Mode }

/// <summary>One thing a mentor and mentee have in common, with the codes it is about (ordinal order).</summary>
public sealed record MatchReason(MatchReasonKind Kind, IReadOnlyList<string> Values)
{
    /// <summary>A short sentence for a coordinator: "methods: qualitative interviews", "both available Tuesday afternoons".</summary>
    public string Text => Kind switch
    {
        MatchReasonKind.Profession => $"supports {Humanise(Values[0])}",
        MatchReasonKind.Methods => $"methods: {string.Join(", ", Values.Select(Humanise))}",
        MatchReasonKind.Topics => $"topics: {string.Join(", ", Values.Select(Humanise))}",
        MatchReasonKind.Availability => $"both available {string.Join(", ", Values.Select(MentoringAvailability.SlotLabel))}",
        MatchReasonKind.Mode => $"both can meet {string.Join(" or ", Values.Select(Humanise))}",
        _ => throw new InvalidOperationException($"Unknown reason kind {Kind}"),
    };

    public override string ToString() => Text;

    // Codes are kebab-case ("occupational-therapy"); the web client may show its own labels from Kind and Values.
    private static string Humanise(string code) => code.Replace('-', ' ');
}

/// <summary>How well a mentor suits a mentee: the score matching maximises, and the reasons behind it.</summary>
public sealed record Fit(int Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// The rules of a pairing (docs/decisions/0008). A pair is allowed only when the mentor supports the mentee's
/// profession, they share at least one slot and at least one mode, and they are not the same person. Among allowed
/// pairs the score counts what they share: 4 points a method, 3 a topic, 1 a slot, each counting at most 3 shared
/// values, so listing everything does not buy a mentor every mentee. Integers, so any order of adding gives the
/// same total.
/// </summary>
public static class MentorFit
{
    public const int PointsPerMethod = 4;
    public const int PointsPerTopic = 3;
    public const int PointsPerSlot = 1;
    public const int MostCountedPerKind = 3;
    public const int MaxScore = (PointsPerMethod + PointsPerTopic + PointsPerSlot) * MostCountedPerKind;

    public static int Score(int sharedMethods, int sharedTopics, int sharedSlots) =>
        PointsPerMethod * Math.Min(sharedMethods, MostCountedPerKind)
        + PointsPerTopic * Math.Min(sharedTopics, MostCountedPerKind)
        + PointsPerSlot * Math.Min(sharedSlots, MostCountedPerKind);

    /// <summary>The pair's fit, or null when the pair is not allowed.</summary>
    public static Fit? Assess(MentorCandidate mentor, MenteeRequest mentee)
    {
        if (mentor.Id == mentee.Id || !mentor.ProfessionsSupported.Contains(mentee.Profession)) return null;
        var slots = Shared(mentor.Availability, mentee.Availability);
        var modes = Shared(mentor.Modes, mentee.Modes);
        if (slots.Count == 0 || modes.Count == 0) return null;
        var methods = Shared(mentor.Methods, mentee.Methods);
        var topics = Shared(mentor.Topics, mentee.Topics);

        List<MatchReason> reasons = [new(MatchReasonKind.Profession, [mentee.Profession])];
        if (methods.Count > 0) reasons.Add(new(MatchReasonKind.Methods, methods));
        if (topics.Count > 0) reasons.Add(new(MatchReasonKind.Topics, topics));
        reasons.Add(new(MatchReasonKind.Availability, slots));
        reasons.Add(new(MatchReasonKind.Mode, modes));
        return new Fit(Score(methods.Count, topics.Count, slots.Count), reasons);
    }

    private static List<string> Shared(IReadOnlySet<string> mentor, IReadOnlySet<string> mentee) =>
        [.. mentee.Where(mentor.Contains).Order(StringComparer.Ordinal)];
}

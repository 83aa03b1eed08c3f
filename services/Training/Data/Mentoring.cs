namespace MhAll.Training.Data;

/// <summary>
/// A researcher's offer to mentor, kept with their staff profile (which is how their mentor training is known). Codes
/// are those of <see cref="Domain.Mentoring.MentoringVocabulary"/>, <see cref="Domain.Vocabularies.Professions"/> and
/// <see cref="Domain.Mentoring.MentoringAvailability"/>.
/// </summary>
public sealed class MentorProfile
{
    public Guid ProfileId { get; init; }
    public List<string> Methods { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public List<string> ProfessionsSupported { get; set; } = [];
    /// <summary>How many mentees at once; active relationships count against it.</summary>
    public int Capacity { get; set; }
    public List<string> Availability { get; set; } = [];
    public List<string> Modes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A member of staff asking for a mentor: at most one open request each.</summary>
public sealed class MentoringRequest
{
    public Guid Id { get; init; }
    public Guid ProfileId { get; init; }
    /// <summary>Their goals, as topics.</summary>
    public List<string> Topics { get; set; } = [];
    public List<string> Methods { get; set; } = [];
    public List<string> Availability { get; set; } = [];
    public List<string> Modes { get; set; } = [];
    public string Status { get; set; } = MentoringRequestStatuses.Open;
    public DateTimeOffset CreatedAt { get; init; }
}

public static class MentoringRequestStatuses
{
    public const string Open = "open";
    public const string Matched = "matched";
    /// <summary>The mentee took it back before it was matched: it left the matching pool.</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>One run of matching: its proposed pairs (<see cref="ProposedPair"/>) and those left unmatched, as the algorithm gave them.</summary>
public sealed class MatchingRun
{
    public Guid Id { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public required string RunBy { get; init; }
    public List<UnmatchedMentee> Unmatched { get; init; } = [];
}

public sealed class UnmatchedMentee
{
    public Guid RequestId { get; init; }
    public Guid MenteeProfileId { get; init; }
    /// <summary>no-compatible-mentor or compatible-mentors-full.</summary>
    public required string Reason { get; init; }
    public int CompatibleMentors { get; init; }
}

/// <summary>A pair matching proposed, for a coordinator to confirm or reject. A later run supersedes the pairs still undecided.</summary>
public sealed class ProposedPair
{
    public Guid Id { get; init; }
    public Guid RunId { get; init; }
    public Guid RequestId { get; init; }
    public Guid MenteeProfileId { get; init; }
    public Guid MentorProfileId { get; init; }
    public int Score { get; init; }
    public List<PairReason> Reasons { get; init; } = [];
    public string Status { get; set; } = ProposedPairStatuses.Proposed;
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

/// <summary>One thing the pair has in common (<see cref="Domain.Mentoring.MatchReason"/>).</summary>
public sealed class PairReason
{
    public required string Kind { get; init; }
    public List<string> Values { get; init; } = [];
    public required string Text { get; init; }
}

public static class ProposedPairStatuses
{
    public const string Proposed = "proposed";
    public const string Confirmed = "confirmed";
    /// <summary>Never proposed again: later runs pass it to matching as a rejected pair.</summary>
    public const string Rejected = "rejected";
    /// <summary>Left undecided when a later run was made.</summary>
    public const string Superseded = "superseded";
    /// <summary>Left undecided when the mentee withdrew their request.</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>A confirmed pair: a mentor and mentee meeting. Counts against the mentor's capacity until it ends.</summary>
public sealed class MentoringRelationship
{
    public Guid Id { get; init; }
    public Guid PairId { get; init; }
    /// <summary>The mentee's request: one relationship each.</summary>
    public Guid RequestId { get; init; }
    public Guid MentorProfileId { get; init; }
    public Guid MenteeProfileId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When it ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Why it ended (<see cref="MentoringEndReasons"/>).</summary>
    public string? EndReason { get; set; }
    /// <summary>Who ended it: mentor, mentee or coordinator (<see cref="MentoringParties"/>).</summary>
    public string? EndedBy { get; set; }
}

/// <summary>Why a mentoring relationship ended: a fixed set, sent to other services as it is.</summary>
public static class MentoringEndReasons
{
    public const string GoalsMet = "goals-met";
    public const string MenteeLeft = "mentee-left";
    public const string MentorUnavailable = "mentor-unavailable";
    public const string Other = "other";

    public static readonly string[] All = [GoalsMet, MenteeLeft, MentorUnavailable, Other];
}

/// <summary>The parts people play in a mentoring relationship, as they act on it.</summary>
public static class MentoringParties
{
    public const string Mentor = "mentor";
    public const string Mentee = "mentee";
    public const string Coordinator = "coordinator";
}

/// <summary>A meeting of a pair. Its notes are the pair's alone: nobody else reads them, programme staff included.</summary>
public sealed class MentoringMeeting
{
    public Guid Id { get; init; }
    public Guid RelationshipId { get; init; }
    public DateOnly HeldOn { get; init; }
    public string? Notes { get; init; }
    public Guid RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A goal the pair set, and when it was met.</summary>
public sealed class MentoringGoal
{
    public Guid Id { get; init; }
    public Guid RelationshipId { get; init; }
    public required string Description { get; init; }
    public DateOnly SetOn { get; init; }
    public DateOnly? MetOn { get; set; }
}

/// <summary>What the mentee achieved (<see cref="Domain.Mentoring.MentoringVocabulary.OutcomeKinds"/>), dated.</summary>
public sealed class MentoringOutcome
{
    public Guid Id { get; init; }
    public Guid RelationshipId { get; init; }
    public required string Kind { get; init; }
    public DateOnly AchievedOn { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

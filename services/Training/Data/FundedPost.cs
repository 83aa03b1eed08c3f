namespace MhAll.Training.Data;

/// <summary>
/// A call for funded training posts: what it funds first, who may apply, and how reviewers score applications.
/// When <see cref="Blind"/>, reviewers never see an applicant's name or organisation.
/// </summary>
public sealed class FundingCall
{
    public Guid Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>Under-served conditions it gives priority to (<see cref="Domain.FundingPriorities.Conditions"/>).</summary>
    public List<string> PriorityConditions { get; init; } = [];
    /// <summary>Under-served groups it gives priority to (<see cref="Domain.FundingPriorities.Groups"/>).</summary>
    public List<string> PriorityGroups { get; init; } = [];
    /// <summary>The most one application may ask for, in pounds.</summary>
    public decimal Amount { get; init; }
    public DateOnly OpensOn { get; init; }
    /// <summary>The last day to apply.</summary>
    public DateOnly ClosesOn { get; init; }
    /// <summary>Professions that may apply; empty: all.</summary>
    public List<string> EligibleProfessions { get; init; } = [];
    /// <summary>Organisation types whose staff may apply; empty: all.</summary>
    public List<string> EligibleOrganisationTypes { get; init; } = [];
    public List<ScoringCriterion> Criteria { get; init; } = [];
    public bool Blind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One thing reviewers score, 0 to <see cref="MaxScore"/>; <see cref="Weight"/> is its share of the total.</summary>
public sealed class ScoringCriterion
{
    public required string Name { get; init; }
    public int Weight { get; init; }
    public int MaxScore { get; init; }
}

/// <summary>A person assigned to review a call's applications, by their sign-in (a researcher or member of staff).</summary>
public sealed class CallReviewer
{
    public Guid CallId { get; init; }
    public required string SubjectId { get; init; }
    public DateTimeOffset AssignedAt { get; init; }
}

/// <summary>A member of staff's application to a call; one per person and call. Awarded, it is the award.</summary>
public sealed class FundingApplication
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public Guid ProfileId { get; init; }
    public required string Statement { get; init; }
    public List<CriterionAnswer> Answers { get; init; } = [];
    public decimal RequestedAmount { get; init; }
    /// <summary>One of <see cref="ApplicationStatuses"/>.</summary>
    public string Status { get; set; } = ApplicationStatuses.Submitted;
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>PostgreSQL's xmin: a withdrawal and a decision at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

/// <summary>The applicant's answer for one of the call's criteria, by its name.</summary>
public sealed class CriterionAnswer
{
    public required string Criterion { get; init; }
    public required string Answer { get; init; }
}

public static class ApplicationStatuses
{
    public const string Submitted = "submitted";
    public const string Withdrawn = "withdrawn";
    public const string Awarded = "awarded";
    public const string NotAwarded = "not-awarded";
}

/// <summary>
/// A reviewer's part in one application: first their declaration of any conflict of interest, then (with none) their
/// score for each criterion.
/// </summary>
public sealed class ApplicationReview
{
    public Guid ApplicationId { get; init; }
    public required string ReviewerSubjectId { get; init; }
    public bool Conflict { get; init; }
    public string? ConflictReason { get; init; }
    public DateTimeOffset DeclaredAt { get; init; }
    public List<CriterionScore> Scores { get; set; } = [];
    public DateTimeOffset? ScoredAt { get; set; }
}

public sealed class CriterionScore
{
    public required string Criterion { get; init; }
    public int Score { get; init; }
}

/// <summary>Something an award holder is to have done by a date, and when it was done.</summary>
public sealed class AwardMilestone
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public required string Title { get; init; }
    public DateOnly DueOn { get; init; }
    public DateOnly? DoneOn { get; set; }
}

/// <summary>What an award led to, dated.</summary>
public sealed class AwardOutput
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    /// <summary>One of <see cref="OutputKinds"/>.</summary>
    public required string Kind { get; init; }
    public DateOnly On { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public static class OutputKinds
{
    public const string Publication = "publication";
    public const string GrantApplication = "grant-application";
    public const string BecamePrincipalInvestigator = "became-principal-investigator";
    public const string Other = "other";

    public static readonly string[] All = [Publication, GrantApplication, BecamePrincipalInvestigator, Other];
}

namespace MhAll.Participation.Data;

/// <summary>A research study recruiting from the register. Statuses are FHIR R4 ResearchStudy codes (<see cref="StudyStatuses"/>).</summary>
public sealed class Study
{
    public Guid Id { get; init; }
    /// <summary>The researcher who submitted it: they, and programme staff, manage it.</summary>
    public required string OwnerSubjectId { get; init; }
    public required string Title { get; set; }
    public required string LaySummary { get; set; }
    public string? IrasId { get; set; }
    public string? IsrctnId { get; set; }
    public required string Sponsor { get; set; }
    public List<string> Sites { get; set; } = [];
    /// <summary>Local authority codes the study recruits in; its "local population" for representation.</summary>
    public List<string> Boroughs { get; set; } = [];
    public required Eligibility Eligibility { get; set; }
    public int RecruitmentTarget { get; set; }
    /// <summary>Shares the study aims for, overriding the local population's for those groups.</summary>
    public List<RepresentationTarget> RepresentationTargets { get; set; } = [];
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public bool AskPanelReview { get; set; }
    public string Status { get; set; } = StudyStatuses.InReview;
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>The latest of its <see cref="StudyRevision"/>s: 1 as submitted.</summary>
    public int Revision { get; set; } = 1;
    /// <summary>The revision programme staff last approved: what volunteers are shown while a later one waits in review.</summary>
    public int? ApprovedRevision { get; set; }
    /// <summary>PostgreSQL's xmin: a revision and a review decision at the same moment cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}

/// <summary>Who may take part; every list left empty means "anyone".</summary>
public sealed class Eligibility
{
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public List<string> Sexes { get; set; } = [];
    public List<string> Conditions { get; set; } = [];
    public List<string> EthnicGroups { get; set; } = [];
    public List<string> LocalAuthorities { get; set; } = [];
    public List<string> Icbs { get; set; } = [];
    public List<int> ImdDeciles { get; set; } = [];
    /// <summary>The IMD edition <see cref="ImdDeciles"/> and the IMD balance of matching refer to: 2025 (when left out) or 2019.</summary>
    public int? ImdEdition { get; set; }
    public List<string> Relationships { get; set; } = [];
    public List<string> Languages { get; set; } = [];
}

/// <summary>A share of invitations a study aims to give one group, e.g. imd-quintile 1 at least 0.3.</summary>
public sealed class RepresentationTarget
{
    public required string Dimension { get; set; }
    public required string Group { get; set; }
    public double Share { get; set; }
}

/// <summary>FHIR R4 ResearchStudy.status codes the programme uses.</summary>
public static class StudyStatuses
{
    public const string InReview = "in-review";
    public const string Active = "active";
    public const string Disapproved = "disapproved";
    public const string TemporarilyClosed = "temporarily-closed-to-accrual";
    public const string ClosedToAccrual = "closed-to-accrual";
    public const string Completed = "completed";
    public const string Withdrawn = "withdrawn";

    /// <summary>Where a study may go from each status; coordinators decide review outcomes, owners the rest.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Next = new Dictionary<string, string[]>
    {
        [InReview] = [Active, Disapproved, Withdrawn],
        [Active] = [TemporarilyClosed, ClosedToAccrual, Completed, Withdrawn],
        [TemporarilyClosed] = [Active, ClosedToAccrual, Completed, Withdrawn],
        [ClosedToAccrual] = [Completed, Withdrawn],
        [Disapproved] = [],
        [Completed] = [],
        [Withdrawn] = [],
    };
}

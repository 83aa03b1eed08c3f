using MhAll.ServiceDefaults.Http;

namespace MhAll.Participation.Data;

/// <summary>A barriers survey the programme team builds: its questions, and whether answers are anonymous or linked to the register.</summary>
public sealed class Survey
{
    public Guid Id { get; init; }
    public required string Title { get; set; }
    public string? Introduction { get; set; }
    /// <summary>anonymous: no one's identity is stored with an answer; linked: answers are tied to the volunteer's record.</summary>
    public required string Mode { get; set; }
    /// <summary>draft (editable), open (taking answers), closed.</summary>
    public string Status { get; set; } = "draft";
    public List<SurveyQuestion> Questions { get; set; } = [];
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class SurveyQuestion
{
    /// <summary>Stable within the survey, e.g. "q1".</summary>
    public required string Id { get; set; }
    /// <summary>single, multiple, likert (1–5) or text.</summary>
    public required string Kind { get; set; }
    [FreeText(500)] public required string Text { get; set; }
    public bool Required { get; set; }
    /// <summary>For a Likert or free-text question: the barrier it asks about.</summary>
    public string? Barrier { get; set; }
    public List<SurveyOption> Options { get; set; } = [];
}

public sealed class SurveyOption
{
    public required string Id { get; set; }
    [FreeText(300)] public required string Text { get; set; }
    /// <summary>The barrier choosing this option points to; null for options that point to none ("none of these").</summary>
    public string? Barrier { get; set; }
}

/// <summary>One person's answers. Anonymous ones carry only the groups the person chose to give; linked ones the volunteer's id.</summary>
public sealed class SurveyResponse
{
    public Guid Id { get; init; }
    public Guid SurveyId { get; init; }
    /// <summary>Linked surveys only; removed if the volunteer is erased (the answers stay, anonymous).</summary>
    public Guid? VolunteerId { get; set; }
    public DateTimeOffset SubmittedAt { get; init; }
    public string? EthnicGroup { get; init; }
    public string? AgeBand { get; init; }
    /// <summary>Linked surveys: the volunteer's IMD 2025 decile (LSOA 2021) at the time, and the IMD 2019 one (LSOA 2011).</summary>
    public int? Imd2025Decile { get; init; }
    public int? Imd2019Decile { get; init; }
    public string? Relationship { get; init; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

public sealed class SurveyAnswer
{
    public required string QuestionId { get; set; }
    public List<string> OptionIds { get; set; } = [];
    public int? Likert { get; set; }
    [FreeText(2000)] public string? Text { get; set; }
}

/// <summary>A barriers interview, recorded without names: who in broad terms, where, a summary, and the themes coded from it.</summary>
public sealed class Interview
{
    public Guid Id { get; init; }
    public DateOnly HeldOn { get; set; }
    public required string RecordedBy { get; init; }
    /// <summary>lived-experience, carer, public or staff.</summary>
    public required string ParticipantRelationship { get; set; }
    public string? EthnicGroup { get; set; }
    public string? AgeBand { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public string? Setting { get; set; }
    public required string Summary { get; set; }
    public List<InterviewTheme> Themes { get; set; } = [];
}

public sealed class InterviewTheme
{
    public required string Barrier { get; set; }
    [FreeText(1000)] public string? Note { get; set; }
}

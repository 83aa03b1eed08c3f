using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Http;

namespace MhAll.Panel.Features.Requests;

/// <summary>What a researcher asks the Panel for: the same fields when asking and when changing the request.</summary>
public sealed record RequestDetails
{
    public const int DescriptionMaxLength = 4000;
    public const int MaxMembers = 50;
    public const decimal MaxHours = 500;

    /// <summary>document-review, lay-summary-review, protocol-review, advisory-group or co-design-workshop.</summary>
    public string? Type { get; init; }
    /// <summary>Optional: the Participation study it is about.</summary>
    public Guid? StudyId { get; init; }
    public string? Title { get; init; }
    /// <summary>What members would do, and what you hope to learn from them.</summary>
    [FreeText(DescriptionMaxLength)] public string? Description { get; init; }
    /// <summary>How many members you would like: 1 to 50.</summary>
    public int? MembersWanted { get; init; }
    /// <summary>Lived experience that would help (the members' vocabulary, e.g. psychosis, carer).</summary>
    public List<string>? LivedExperienceWanted { get; init; }
    /// <summary>Skills that would help: document-review, speaking, co-design, languages.</summary>
    public List<string>? SkillsWanted { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    /// <summary>When members must answer by: on or before the start.</summary>
    public DateOnly? RespondBy { get; init; }
    /// <summary>Hours of the involvement itself, per member.</summary>
    public decimal? EstimatedHours { get; init; }
    /// <summary>Hours of preparation (reading, travel planning), per member; 0 when left out.</summary>
    public decimal? PreparationHours { get; init; }
    /// <summary>online, in-person or hybrid.</summary>
    public string? Format { get; init; }

    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors()
            .OneOf("type", Type, InvolvementTypes.All)
            .Required("title", Title, 200)
            .Required("description", Description, DescriptionMaxLength)
            .SubsetOf("livedExperienceWanted", LivedExperienceWanted, MemberVocabulary.LivedExperienceAreas)
            .SubsetOf("skillsWanted", SkillsWanted, MemberVocabulary.Skills)
            .OneOf("format", Format, InvolvementFormats.All);
        if (Type is null) errors.Add("type", "This field is required.");
        if (Format is null) errors.Add("format", "This field is required.");
        if (MembersWanted is not (>= 1 and <= MaxMembers)) errors.Add("membersWanted", $"How many members you would like: 1 to {MaxMembers}.");
        if (EstimatedHours is not (> 0 and <= MaxHours)) errors.Add("estimatedHours", $"Hours per member: more than 0, at most {MaxHours}.");
        if (PreparationHours is < 0 or > MaxHours) errors.Add("preparationHours", $"Hours of preparation per member: 0 to {MaxHours}.");
        var latest = today.AddYears(5);
        foreach (var (field, date) in new[] { ("startDate", StartDate), ("endDate", EndDate), ("respondBy", RespondBy) })
            if (date is { } d && (d < today || d > latest)) errors.Add(field, $"A date from today to {latest:yyyy-MM-dd}.");
        if (StartDate is null) errors.Add("startDate", "This field is required.");
        if (StartDate is { } start && EndDate is { } end && end < start) errors.Add("endDate", "On or after the start date.");
        if (StartDate is { } begins && RespondBy is { } respond && respond > begins) errors.Add("respondBy", "On or before the start date.");
        return errors;
    }

    public void ApplyTo(InvolvementRequest request)
    {
        request.Type = Type!;
        request.StudyId = StudyId;
        request.Title = Title!.Trim();
        request.Description = Description!.Trim();
        request.MembersWanted = MembersWanted;
        request.LivedExperienceWanted = [.. LivedExperienceWanted ?? []];
        request.SkillsWanted = [.. SkillsWanted ?? []];
        (request.StartDate, request.EndDate, request.RespondBy) = (StartDate, EndDate, RespondBy);
        request.EstimatedHours = EstimatedHours;
        request.PreparationHours = PreparationHours ?? 0;
        request.Format = Format!;
    }
}

/// <summary>A request as its researcher (or a coordinator) sees it.</summary>
/// <param name="Source">researcher (filled in), or study-panel-review (from a study that asked for Panel review).</param>
/// <param name="TriageNote">The coordinator's note asking for changes, or their reason for declining.</param>
public sealed record RequestView(Guid Id, string Type, Guid? StudyId, string Title, string Description, int? MembersWanted,
    IReadOnlyList<string> LivedExperienceWanted, IReadOnlyList<string> SkillsWanted, DateOnly? StartDate, DateOnly? EndDate, DateOnly? RespondBy,
    decimal? EstimatedHours, decimal PreparationHours, string? Format, string Status, string Source, string OwnerSubjectId, DateTimeOffset SubmittedAt,
    DateTimeOffset ChangedAt, string? ActivityType, string? RateCategory, string? TriageNote, DateTimeOffset? TriagedAt)
{
    public static RequestView From(InvolvementRequest r) => new(r.Id, r.Type, r.StudyId, r.Title, r.Description, r.MembersWanted,
        r.LivedExperienceWanted, r.SkillsWanted, r.StartDate, r.EndDate, r.RespondBy, r.EstimatedHours, r.PreparationHours, r.Format, r.Status,
        r.Source, r.OwnerSubjectId, r.SubmittedAt, r.ChangedAt, r.ActivityType, r.RateCategory, r.TriageNote, r.TriagedAt);
}

using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Barriers;

/// <summary>
/// Barriers surveys: the programme team builds them (single and multiple choice, Likert 1–5, free text; every option
/// coded with a barrier), volunteers and staff answer them anonymously or linked to the register, and results are
/// given per barrier and per group.
/// </summary>
public static class Surveys
{
    public static readonly string[] Modes = ["anonymous", "linked"];
    public static readonly string[] Kinds = ["single", "multiple", "likert", "text"];
    public static readonly string[] Statuses = ["draft", "open", "closed"];
    /// <summary>Groups results can be broken down by.</summary>
    public static readonly string[] GroupDimensions = ["relationship", "ethnic-broad-group", "age-band", "imd-quintile"];

    public sealed record SurveyRequest(string? Title, [FreeText] string? Introduction, string? Mode, List<SurveyQuestion>? Questions);

    public sealed record SurveyView(Guid Id, string Title, string? Introduction, string Mode, string Status, IReadOnlyList<SurveyQuestion> Questions,
        DateTimeOffset CreatedAt)
    {
        public static SurveyView From(Survey s) => new(s.Id, s.Title, s.Introduction, s.Mode, s.Status, s.Questions, s.CreatedAt);
    }

    public sealed record StatusChange(string? Status);

    /// <summary>Answers, and for an anonymous survey the groups the person chooses to give (all optional).</summary>
    public sealed record ResponseRequest(List<SurveyAnswer>? Answers, string? EthnicGroup = null, string? AgeBand = null, string? Relationship = null);

    public sealed record Submitted(Guid Id, DateTimeOffset SubmittedAt);

    /// <param name="Count">Rounded to 5, null when 1–7, for everyone but programme staff.</param>
    public sealed record BarrierCount(string Barrier, int? Count, double? Share);
    public sealed record OptionCount(string Id, string Text, string? Barrier, int? Count);
    public sealed record QuestionResult(string Id, string Kind, string Text, string? Barrier, IReadOnlyList<OptionCount> Options,
        double? LikertMean, IReadOnlyList<int?>? LikertCounts, IReadOnlyList<string>? TextAnswers);
    public sealed record GroupResult(string Group, int? Responses, IReadOnlyList<BarrierCount> Barriers);
    /// <param name="ImdEdition">The IMD edition of the groups when <paramref name="By"/> is imd-quintile: 2025 unless 2019 was asked for.</param>
    public sealed record SurveyReport(Guid SurveyId, int? Responses, bool Raw, IReadOnlyList<BarrierCount> Barriers, IReadOnlyList<QuestionResult> Questions,
        string By, IReadOnlyList<GroupResult> ByGroup, int? ImdEdition);

    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api/participation/surveys").WithTags("Barriers surveys");
        surveys.MapPost("/", CreateAsync).RequireAuthorization(Policies.Coordinator).WithName("CreateSurvey")
            .WithSummary("Build a barriers survey (a draft until opened).");
        surveys.MapPut("/{id:guid}", ReviseAsync).RequireAuthorization(Policies.Coordinator).WithName("ReviseSurvey")
            .WithSummary("Change a draft survey.");
        surveys.MapPost("/{id:guid}/status", ChangeStatusAsync).RequireAuthorization(Policies.Coordinator).WithName("ChangeSurveyStatus")
            .WithSummary("Open a draft for answers, or close an open survey.");
        surveys.MapGet("/", ListAsync).RequireAuthorization(Policies.Authenticated).WithName("ListSurveys")
            .WithSummary("Open surveys, newest first, paged; programme staff see drafts and closed ones too.");
        surveys.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Authenticated).WithName("GetSurvey")
            .WithSummary("A survey's questions.");
        surveys.MapPost("/{id:guid}/responses", RespondAsync).RequireAuthorization(Policies.Authenticated).WithName("AnswerSurvey")
            .WithSummary("Answer an open survey (volunteers and staff; programme staff may enter paper answers to anonymous surveys).");
        surveys.MapGet("/{id:guid}/results", ResultsAsync).RequireAuthorization(Policies.Insights).WithName("GetSurveyResults")
            .WithSummary("Results per barrier, per question and per group (by imd-quintile: IMD 2025, or imdEdition=2019); small numbers hidden except for programme staff.");
        return app;
    }

    public static ValidationErrors Validate(SurveyRequest request)
    {
        var errors = new ValidationErrors()
            .Required("title", request.Title, 200)
            .MaxLength("introduction", request.Introduction, 4000);
        if (request.Mode is null || !Modes.Contains(request.Mode)) errors.Add("mode", "anonymous or linked.");
        if (request.Questions is not { Count: > 0 and <= 100 } questions) return errors.Add("questions", "Between 1 and 100 questions.");
        if (questions.GroupBy(q => q.Id).Any(g => g.Count() > 1)) errors.Add("questions", "Each question needs its own id.");
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var at = $"questions[{i}]";
            errors.Required($"{at}.id", q.Id, 20).Required($"{at}.text", q.Text, 500).OneOf($"{at}.barrier", q.Barrier, Vocabularies.Barriers);
            if (!Kinds.Contains(q.Kind)) { errors.Add($"{at}.kind", $"One of: {string.Join(", ", Kinds)}."); continue; }
            var choice = q.Kind is "single" or "multiple";
            if (!choice && q.Options.Count > 0) errors.Add($"{at}.options", "Only choice questions have options.");
            if (choice && q.Options.Count is < 2 or > 20) errors.Add($"{at}.options", "A choice question has 2 to 20 options.");
            if (q.Options.GroupBy(o => o.Id).Any(g => g.Count() > 1)) errors.Add($"{at}.options", "Each option needs its own id.");
            for (var j = 0; j < q.Options.Count; j++)
                errors.Required($"{at}.options[{j}].id", q.Options[j].Id, 20).Required($"{at}.options[{j}].text", q.Options[j].Text, 300)
                    .OneOf($"{at}.options[{j}].barrier", q.Options[j].Barrier, Vocabularies.Barriers);
        }
        return errors;
    }

    private static async Task<Results<Created<SurveyView>, ValidationProblem>> CreateAsync(SurveyRequest request, HttpContext http,
        ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (Validate(request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var survey = new Survey
        {
            Id = Guid.CreateVersion7(), Title = request.Title!.Trim(), Introduction = request.Introduction, Mode = request.Mode!,
            Questions = request.Questions!, CreatedBy = http.User.SubjectId(), CreatedAt = clock.GetUtcNow(),
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/participation/surveys/{survey.Id}", SurveyView.From(survey));
    }

    private static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult>> ReviseAsync(Guid id, SurveyRequest request,
        ParticipationDbContext db, CancellationToken ct)
    {
        if (await db.Surveys.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } survey) return TypedResults.NotFound();
        if (survey.Status != "draft")
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a draft survey can be changed: answers would no longer match.");
        if (Validate(request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        survey.Title = request.Title!.Trim();
        survey.Introduction = request.Introduction;
        survey.Mode = request.Mode!;
        survey.Questions = request.Questions!;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SurveyView.From(survey));
    }

    private static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem>> ChangeStatusAsync(Guid id, StatusChange change,
        ParticipationDbContext db, CancellationToken ct)
    {
        if (await db.Surveys.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } survey) return TypedResults.NotFound();
        var allowed = survey.Status switch { "draft" => "open", "open" => "closed", _ => null };
        if (change.Status is null || change.Status != allowed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [allowed is null ? "A closed survey stays closed." : $"A {survey.Status} survey can only become {allowed}."],
            });
        survey.Status = change.Status;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SurveyView.From(survey));
    }

    private static async Task<Results<Ok<Paged<SurveyView>>, ValidationProblem>> ListAsync([AsParameters] PageQuery page, HttpContext http,
        ParticipationDbContext db, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Surveys.AsNoTracking();
        if (!http.User.IsInRole(Roles.Coordinator)) query = query.Where(s => s.Status == "open");
        return TypedResults.Ok((await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).ToPageAsync(page, ct)).Map(SurveyView.From));
    }

    private static async Task<Results<Ok<SurveyView>, NotFound>> GetAsync(Guid id, HttpContext http, ParticipationDbContext db, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return survey is not null && (survey.Status == "open" || http.User.IsInRole(Roles.Coordinator))
            ? TypedResults.Ok(SurveyView.From(survey)) : TypedResults.NotFound();
    }

    public static ValidationErrors ValidateAnswers(Survey survey, ResponseRequest request)
    {
        var errors = new ValidationErrors();
        var answers = request.Answers ?? [];
        var byQuestion = survey.Questions.ToDictionary(q => q.Id);
        if (answers.GroupBy(a => a.QuestionId).Any(g => g.Count() > 1)) errors.Add("answers", "One answer per question.");
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var at = $"answers[{i}]";
            if (!byQuestion.TryGetValue(a.QuestionId, out var q)) { errors.Add($"{at}.questionId", "No such question in this survey."); continue; }
            var optionIds = q.Options.Select(o => o.Id).ToList();
            switch (q.Kind)
            {
                case "single" when a.OptionIds.Count != 1 || !optionIds.Contains(a.OptionIds[0]):
                    errors.Add($"{at}.optionIds", "Choose exactly one of the question's options.");
                    break;
                case "multiple":
                    errors.SubsetOf($"{at}.optionIds", a.OptionIds, optionIds, atLeast: 1);
                    break;
                case "likert" when a.Likert is not (>= 1 and <= 5):
                    errors.Add($"{at}.likert", "From 1 (strongly disagree) to 5 (strongly agree).");
                    break;
                case "text":
                    errors.Required($"{at}.text", a.Text, 2000);
                    break;
            }
        }
        foreach (var missing in survey.Questions.Where(q => q.Required && answers.All(a => a.QuestionId != q.Id)))
            errors.Add("answers", $"Question {missing.Id} needs an answer.");
        if (survey.Mode == "linked" && (request.EthnicGroup ?? request.AgeBand ?? request.Relationship) is not null)
            errors.Add("ethnicGroup", "A linked survey takes your groups from your register record: leave them out.");
        if (request.EthnicGroup is { } group && !EthnicGroups.IsValid(group)) errors.Add("ethnicGroup", "A Census 2021 category or prefer-not-to-say.");
        errors.OneOf("ageBand", request.AgeBand, AgeBands.All).OneOf("relationship", request.Relationship, Vocabularies.Relationships);
        return errors;
    }

    private static async Task<Results<Created<Submitted>, NotFound, ValidationProblem, ProblemHttpResult>> RespondAsync(Guid id,
        ResponseRequest request, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var user = http.User;
        if (!(user.IsInRole(Roles.Volunteer) || user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Coordinator)))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Barriers surveys are answered by volunteers and staff.");
        if (await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.Status == "open", ct) is not { } survey)
            return TypedResults.NotFound();
        if (ValidateAnswers(survey, request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());

        var response = new SurveyResponse
        {
            Id = Guid.CreateVersion7(), SurveyId = id, SubmittedAt = clock.GetUtcNow(), Answers = request.Answers ?? [],
            EthnicGroup = request.EthnicGroup, AgeBand = request.AgeBand, Relationship = request.Relationship,
        };
        if (survey.Mode == "linked")
        {
            if (!user.IsInRole(Roles.Volunteer) || await db.Volunteers.AsNoTracking().MineAsync(user, ct) is not { } volunteer)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This survey is linked to the research register.",
                    detail: "Join the register first, or answer one of the anonymous surveys.");
            response = new SurveyResponse
            {
                Id = response.Id, SurveyId = id, SubmittedAt = response.SubmittedAt, Answers = response.Answers, VolunteerId = volunteer.Id,
                EthnicGroup = volunteer.EthnicGroup, AgeBand = volunteer.AgeBand,
                Imd2025Decile = volunteer.Imd2025Decile, Imd2019Decile = volunteer.Imd2019Decile,
                Relationship = volunteer.Relationships.FirstOrDefault(),
            };
        }
        db.SurveyResponses.Add(response);
        if (await db.SaveOrConflictAsync("You have already answered this survey.", null, ct) is { } conflict) return conflict;
        return TypedResults.Created($"/api/participation/surveys/{id}/responses/{response.Id}", new Submitted(response.Id, response.SubmittedAt));
    }

    private static async Task<Results<Ok<SurveyReport>, NotFound, ValidationProblem>> ResultsAsync(Guid id, HttpContext http, ParticipationDbContext db,
        TimeProvider clock, CancellationToken ct, string by = "relationship", int? imdEdition = null)
    {
        if (!GroupDimensions.Contains(by))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [$"One of: {string.Join(", ", GroupDimensions)}."] });
        if (imdEdition is { } asked && !ImdEditions.All.Contains(asked))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["imdEdition"] = [$"One of: {string.Join(", ", ImdEditions.All)}."] });
        if (await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is not { } survey) return TypedResults.NotFound();
        var responses = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == id).ToListAsync(ct);
        var raw = http.User.IsInRole(Roles.Coordinator);
        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"survey-results {id} by={by}");
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(SurveyResults.Compute(survey, responses, by, imdEdition ?? ImdEditions.Imd2025, raw));
    }
}

using System.ComponentModel.DataAnnotations;
using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>Programme staff open calls for funded training posts; everyone signed in reads them.</summary>
public static class FundingCalls
{
    public const int MaxCriteria = 20;
    public const decimal MaxAmount = 1_000_000m;
    public static readonly DateOnly EarliestDate = new(2020, 1, 1), LatestDate = new(2100, 12, 31);

    /// <param name="Weight">Its share of the total: 1 to 100.</param>
    /// <param name="MaxScore">Reviewers score it 0 to this: 1 to 100.</param>
    public sealed record CriterionRequest(string? Name, int? Weight, int? MaxScore);

    /// <param name="PriorityConditions">Under-served conditions it prioritises (the register's condition codes).</param>
    /// <param name="PriorityGroups">Under-served groups it prioritises, e.g. carers, ethnic-minority-communities.</param>
    /// <param name="Amount">The most one application may ask for, in pounds.</param>
    /// <param name="ClosesOn">The last day to apply.</param>
    /// <param name="EligibleProfessions">Professions that may apply; empty or left out: all.</param>
    /// <param name="EligibleOrganisationTypes">Organisation types whose staff may apply; empty or left out: all.</param>
    /// <param name="Blind">Reviewers never see the applicant's name or organisation.</param>
    public sealed record CallRequest(string? Title, [FreeText] string? Description, List<string>? PriorityConditions, List<string>? PriorityGroups,
        decimal? Amount, DateOnly? OpensOn, DateOnly? ClosesOn, List<string>? EligibleProfessions, List<string>? EligibleOrganisationTypes,
        [property: MaxLength(MaxCriteria)] List<CriterionRequest>? Criteria, bool? Blind);

    public sealed record CriterionView(string Name, int Weight, int MaxScore);

    public sealed record CallView(Guid Id, string Title, string Description, IReadOnlyList<string> PriorityConditions, IReadOnlyList<string> PriorityGroups,
        decimal Amount, DateOnly OpensOn, DateOnly ClosesOn, IReadOnlyList<string> EligibleProfessions, IReadOnlyList<string> EligibleOrganisationTypes,
        IReadOnlyList<CriterionView> Criteria, bool Blind, bool Open)
    {
        public static CallView From(FundingCall c, DateOnly today) => new(c.Id, c.Title, c.Description, c.PriorityConditions, c.PriorityGroups, c.Amount,
            c.OpensOn, c.ClosesOn, c.EligibleProfessions, c.EligibleOrganisationTypes,
            [.. c.Criteria.Select(x => new CriterionView(x.Name, x.Weight, x.MaxScore))], c.Blind, IsOpen(c, today));
    }

    public static bool IsOpen(FundingCall call, DateOnly today) => call.OpensOn <= today && today <= call.ClosesOn;

    public static IEndpointRouteBuilder MapFundingCalls(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/training/funded-posts/calls").WithTags("Funded posts");
        calls.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("CreateFundingCall")
            .WithSummary("Open a call for funded training posts: priorities, amount, dates, eligibility, scoring criteria and whether review is blind.");
        calls.MapGet("/", async Task<Results<Ok<Paged<CallView>>, ValidationProblem>> (bool? open, [AsParameters] PageQuery page, TrainingDbContext db,
                TimeProvider clock, CancellationToken ct) =>
            {
                if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
                var today = clock.Today();
                var query = db.FundingCalls.AsNoTracking();
                if (open is { } o) query = query.Where(c => (c.OpensOn <= today && today <= c.ClosesOn) == o);
                return TypedResults.Ok((await query.OrderByDescending(c => c.ClosesOn).ThenBy(c => c.Id).ToPageAsync(page, ct)).Map(c => CallView.From(c, today)));
            })
            .RequireAuthorization(Policies.Authenticated)
            .WithName("ListFundingCalls")
            .WithSummary("Calls, latest closing first, paged; ?open=true for those taking applications today.");
        calls.MapGet("/{id:guid}", async Task<Results<Ok<CallView>, NotFound>> (Guid id, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
                await db.FundingCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } call
                    ? TypedResults.Ok(CallView.From(call, clock.Today())) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Authenticated)
            .WithName("GetFundingCall")
            .WithSummary("One call.");
        return app;
    }

    private static ValidationErrors Validate(CallRequest request)
    {
        var errors = new ValidationErrors()
            .Required("title", request.Title, 200)
            .Required("description", request.Description, 4000)
            .SubsetOf("priorityConditions", request.PriorityConditions, FundingPriorities.Conditions)
            .SubsetOf("priorityGroups", request.PriorityGroups, FundingPriorities.Groups)
            .SubsetOf("eligibleProfessions", request.EligibleProfessions, [.. Vocabularies.Professions])
            .SubsetOf("eligibleOrganisationTypes", request.EligibleOrganisationTypes, Vocabularies.OrganisationTypes);
        if (request.Amount is not (> 0 and <= MaxAmount) || decimal.Round(request.Amount.Value, 2) != request.Amount)
            errors.Add("amount", $"In pounds and pence, more than 0 and at most {MaxAmount:N0}.");
        CheckDate(errors, "opensOn", request.OpensOn);
        CheckDate(errors, "closesOn", request.ClosesOn);
        if (request.OpensOn is { } opens && request.ClosesOn is { } closes && closes < opens) errors.Add("closesOn", "Not before opensOn.");
        if (request.Criteria is not { Count: > 0 } criteria) return errors.Add("criteria", "At least one scoring criterion.");
        for (var i = 0; i < criteria.Count; i++)
        {
            errors.Required($"criteria[{i}].name", criteria[i].Name, 200);
            if (criteria[i].Weight is not (>= 1 and <= 100)) errors.Add($"criteria[{i}].weight", "1 to 100.");
            if (criteria[i].MaxScore is not (>= 1 and <= 100)) errors.Add($"criteria[{i}].maxScore", "1 to 100.");
        }
        if (criteria.Select(c => c.Name?.Trim()).Distinct().Count() != criteria.Count) errors.Add("criteria", "Each criterion's name at most once.");
        return errors;
    }

    public static void CheckDate(ValidationErrors errors, string field, DateOnly? date)
    {
        if (date is null) errors.Add(field, "This field is required.");
        else if (date < EarliestDate || date > LatestDate) errors.Add(field, $"Between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
    }

    private static async Task<Results<Created<CallView>, ValidationProblem>> CreateAsync(CallRequest request, TrainingDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (Validate(request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var call = new FundingCall
        {
            Id = Guid.CreateVersion7(), Title = request.Title!.Trim(), Description = request.Description!.Trim(),
            PriorityConditions = [.. request.PriorityConditions ?? []], PriorityGroups = [.. request.PriorityGroups ?? []], Amount = request.Amount!.Value,
            OpensOn = request.OpensOn!.Value, ClosesOn = request.ClosesOn!.Value, EligibleProfessions = [.. request.EligibleProfessions ?? []],
            EligibleOrganisationTypes = [.. request.EligibleOrganisationTypes ?? []],
            Criteria = [.. request.Criteria!.Select(c => new ScoringCriterion { Name = c.Name!.Trim(), Weight = c.Weight!.Value, MaxScore = c.MaxScore!.Value })],
            Blind = request.Blind ?? false, CreatedAt = clock.GetUtcNow(),
        };
        db.FundingCalls.Add(call);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/funded-posts/calls/{call.Id}", CallView.From(call, clock.Today()));
    }
}

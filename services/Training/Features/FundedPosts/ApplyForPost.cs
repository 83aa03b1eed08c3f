using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>A member of staff applies to an open call they are eligible for: once per call, for at most the call's amount.</summary>
public static class ApplyForPost
{
    public const int AnswerMaxLength = 2000;

    /// <param name="Criterion">The name of one of the call's criteria.</param>
    public sealed record AnswerRequest(string? Criterion, [FreeText(AnswerMaxLength)] string? Answer);

    /// <param name="Answers">One answer for each of the call's criteria.</param>
    /// <param name="RequestedAmount">In pounds: at most the call's amount.</param>
    public sealed record ApplicationRequest([FreeText] string? Statement, List<AnswerRequest>? Answers, decimal? RequestedAmount);

    public static IEndpointRouteBuilder MapApplyForPost(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/funded-posts/calls/{id:guid}/applications", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Funded posts")
            .WithName("ApplyForFundedPost")
            .WithSummary("Apply to a call while it is open: a statement, an answer per criterion, the amount asked for; 409 when closed, not eligible or already applied.");
        return app;
    }

    private static async Task<Results<Created<MyApplications.ApplicationView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id,
        ApplicationRequest request, HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FundingCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } call) return TypedResults.NotFound();
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        var errors = new ValidationErrors().Required("statement", request.Statement, 4000);
        if (request.RequestedAmount is not (> 0) || decimal.Round(request.RequestedAmount.Value, 2) != request.RequestedAmount)
            errors.Add("requestedAmount", "In pounds and pence, more than 0.");
        else if (request.RequestedAmount > call.Amount) errors.Add("requestedAmount", $"At most the call's amount, {call.Amount:N2}.");
        var answers = request.Answers ?? [];
        for (var i = 0; i < answers.Count; i++)
        {
            errors.Required($"answers[{i}].answer", answers[i].Answer, AnswerMaxLength);
            if (call.Criteria.All(c => c.Name != answers[i].Criterion)) errors.Add($"answers[{i}].criterion", "Name one of the call's criteria.");
        }
        if (call.Criteria.Any(c => answers.Count(a => a.Criterion == c.Name) != 1))
            errors.Add("answers", $"One answer for each criterion: {string.Join(", ", call.Criteria.Select(c => c.Name))}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var today = clock.Today();
        if (!FundingCalls.IsOpen(call, today))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This call is not open for applications.",
                detail: $"It takes applications from {call.OpensOn:yyyy-MM-dd} to {call.ClosesOn:yyyy-MM-dd}.");
        var organisationType = await db.Organisations.Where(o => o.Id == profile.OrganisationId).Select(o => o.Type).SingleAsync(ct);
        if (call.EligibleProfessions is { Count: > 0 } professions && !professions.Contains(profile.Profession))
            return NotEligible($"It is open to these professions: {string.Join(", ", professions)}.");
        if (call.EligibleOrganisationTypes is { Count: > 0 } types && !types.Contains(organisationType))
            return NotEligible($"It is open to staff of: {string.Join(", ", types)}.");

        var application = new FundingApplication
        {
            Id = Guid.CreateVersion7(), CallId = id, ProfileId = profile.Id, Statement = request.Statement!.Trim(),
            Answers = [.. answers.Select(a => new CriterionAnswer { Criterion = a.Criterion!, Answer = a.Answer!.Trim() })],
            RequestedAmount = request.RequestedAmount!.Value, SubmittedAt = clock.GetUtcNow(),
        };
        db.FundingApplications.Add(application);
        // One per person and call, even withdrawn: the unique index decides between two at once.
        if (await db.SaveOrConflictAsync("You have already applied to this call.", "See GET /api/training/funded-posts/applications/me.", ct) is { } conflict)
            return conflict;
        return TypedResults.Created("/api/training/funded-posts/applications/me", await MyApplications.ViewAsync(db, application, ct));
    }

    private static ProblemHttpResult NotEligible(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Your profile is not eligible for this call.", detail: detail);
}

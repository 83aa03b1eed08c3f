using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>Programme staff assign reviewers to a call: researchers or members of staff, by their sign-in's subject id.</summary>
public static class CallReviewers
{
    public sealed record Assignment(string? SubjectId);

    public sealed record ReviewerView(string SubjectId, DateTimeOffset AssignedAt);

    public static IEndpointRouteBuilder MapCallReviewers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/funded-posts/calls/{id:guid}/reviewers", AssignAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Funded posts")
            .WithName("AssignCallReviewer")
            .WithSummary("Assign a reviewer (a researcher or member of staff, by subject id) to review the call's applications; 409 if already assigned.");
        app.MapGet("/api/training/funded-posts/calls/{id:guid}/reviewers", async Task<Results<Ok<List<ReviewerView>>, NotFound>> (Guid id,
                TrainingDbContext db, CancellationToken ct) =>
                await db.FundingCalls.AnyAsync(c => c.Id == id, ct)
                    ? TypedResults.Ok(await db.CallReviewers.AsNoTracking().Where(r => r.CallId == id).OrderBy(r => r.AssignedAt)
                        .Select(r => new ReviewerView(r.SubjectId, r.AssignedAt)).ToListAsync(ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Funded posts")
            .WithName("ListCallReviewers")
            .WithSummary("The call's reviewers, in the order assigned.");
        return app;
    }

    private static async Task<Results<Created<ReviewerView>, ValidationProblem, NotFound, ProblemHttpResult>> AssignAsync(Guid id, Assignment request,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Required("subjectId", request.SubjectId, 200) is { Any: true } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!await db.FundingCalls.AnyAsync(c => c.Id == id, ct)) return TypedResults.NotFound();
        var reviewer = new CallReviewer { CallId = id, SubjectId = request.SubjectId!.Trim(), AssignedAt = clock.GetUtcNow() };
        db.CallReviewers.Add(reviewer);
        if (await db.SaveOrConflictAsync("They are already a reviewer of this call.", null, ct) is { } conflict) return conflict;
        return TypedResults.Created($"/api/training/funded-posts/calls/{id}/reviewers", new ReviewerView(reviewer.SubjectId, reviewer.AssignedAt));
    }
}

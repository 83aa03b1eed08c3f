using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// Either member of a pair, or programme staff, ends a mentoring relationship with the reason it ended. The mentor's
/// place is free for the next matching round; the record stays, closed to new meetings and goals. Tells the other
/// services (<see cref="MentoringEnded"/>).
/// </summary>
public static class EndRelationship
{
    /// <param name="Category">Why it ended: goals-met, mentee-left, mentor-unavailable or other.</param>
    public sealed record EndRequest(string? Category);

    public static IEndpointRouteBuilder MapEndRelationship(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/mentoring/relationships/{id:guid}/end", HandleAsync)
            .RequireAuthorization(MentoringAccess.PairMemberOrCoordinator)
            .WithTags("Mentoring")
            .WithName("EndMentoringRelationship")
            .WithSummary("End a mentoring relationship (its mentor, its mentee or a coordinator), with why: the mentor's place frees. 404 for anyone else's; 409 when it has already ended.");
        return app;
    }

    private sealed record Outcome(MentoringRelationship? Ended, ProblemHttpResult? Refusal);

    private static async Task<Results<Ok<Relationships.RelationshipSummary>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id,
        EndRequest request, HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().OneOf("category", request.Category, MentoringEndReasons.All);
        if (request.Category is null) errors.Add("category", $"This field is required: one of {string.Join(", ", MentoringEndReasons.All)}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        string endedBy;
        if (http.User.IsInRole(Roles.Coordinator)) endedBy = MentoringParties.Coordinator;
        else if (await db.MemberOfAsync(http.User, id, ct) is { } member)
            endedBy = member.Relationship.MentorProfileId == member.ProfileId ? MentoringParties.Mentor : MentoringParties.Mentee;
        else return TypedResults.NotFound();

        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The relationship's row lock: two ends at once make one end and one event.
            var relationship = (await db.MentoringRelationships.FromSql($"SELECT * FROM mentoring_relationships WHERE id = {id} FOR UPDATE")
                .ToListAsync(ct)).SingleOrDefault();
            if (relationship is null) return null;
            if (relationship.EndedAt is { } endedAt)
                return new Outcome(null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: $"This mentoring already ended on {endedAt:yyyy-MM-dd} ({relationship.EndReason})."));
            var now = clock.GetUtcNow();
            (relationship.EndedAt, relationship.EndReason, relationship.EndedBy) = (now, request.Category, endedBy);
            db.Publish(new MentoringEnded(relationship.Id, relationship.MenteeProfileId, relationship.MentorProfileId, request.Category!, endedBy, now), clock);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome(relationship, null);
        });
        if (outcome is null) return TypedResults.NotFound();
        if (outcome.Refusal is { } refusal) return refusal;
        return TypedResults.Ok(Relationships.RelationshipSummary.From(outcome.Ended!));
    }
}

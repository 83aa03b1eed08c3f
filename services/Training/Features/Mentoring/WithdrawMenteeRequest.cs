using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// A member of staff takes back their open request for a mentor: it leaves the matching pool and any pair proposed for
/// it and not yet decided is dropped. A request already matched is not withdrawn (409): the mentoring it started is
/// ended instead (<see cref="EndRelationship"/>).
/// </summary>
public static class WithdrawMenteeRequest
{
    public static IEndpointRouteBuilder MapWithdrawMenteeRequest(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/mentoring/requests/me/withdraw", HandleAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Mentoring")
            .WithName("WithdrawMyMentorRequest")
            .WithSummary("Withdraw your open request for a mentor: it leaves matching and undecided proposed pairs for it are dropped. 409 when it was matched (end the relationship instead) or already withdrawn.");
        return app;
    }

    private static async Task<Results<Ok<MenteeRequests.RequestView>, NotFound, ProblemHttpResult>> HandleAsync(HttpContext http, TrainingDbContext db,
        CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } me) return TypedResults.NotFound();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The request's row lock, as confirming a pair takes it: a confirmation at the same moment either finds it
            // withdrawn, or comes first and this finds no open request.
            var open = (await db.MentoringRequests
                .FromSql($"SELECT * FROM mentoring_requests WHERE profile_id = {me.Id} AND status = {MentoringRequestStatuses.Open} FOR UPDATE")
                .ToListAsync(ct)).SingleOrDefault();
            if (open is null) return await NothingOpenAsync(db, me.Id, ct);
            open.Status = MentoringRequestStatuses.Withdrawn;
            foreach (var pair in await db.ProposedPairs.Where(p => p.RequestId == open.Id && p.Status == ProposedPairStatuses.Proposed).ToListAsync(ct))
                pair.Status = ProposedPairStatuses.Withdrawn;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (Results<Ok<MenteeRequests.RequestView>, NotFound, ProblemHttpResult>)TypedResults.Ok(MenteeRequests.RequestView.From(open));
        });
    }

    private static async Task<Results<Ok<MenteeRequests.RequestView>, NotFound, ProblemHttpResult>> NothingOpenAsync(TrainingDbContext db, Guid profileId,
        CancellationToken ct)
    {
        var latest = await db.MentoringRequests.AsNoTracking().Where(r => r.ProfileId == profileId).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        if (latest is null) return TypedResults.NotFound();
        var running = latest.Status == MentoringRequestStatuses.Matched
            ? await db.MentoringRelationships.Running().Where(r => r.RequestId == latest.Id).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct)
            : null;
        if (running is { } relationship)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Your request was matched: your mentoring has started.",
                detail: $"To stop it, end the relationship: POST /api/training/mentoring/relationships/{relationship}/end.");
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have no open request for a mentor.",
            detail: "GET /api/training/mentoring/requests/me shows your latest one.");
    }
}

using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>A member of staff's own applications, with the decision and, for an award, its milestones and outputs; they withdraw one before the decision.</summary>
public static class MyApplications
{
    public sealed record AnswerView(string Criterion, string Answer);
    public sealed record MilestoneView(Guid Id, string Title, DateOnly DueOn, DateOnly? DoneOn);
    public sealed record OutputView(Guid Id, string Kind, DateOnly On, string? Note);

    public sealed record ApplicationView(Guid Id, Guid CallId, string CallTitle, string Statement, IReadOnlyList<AnswerView> Answers, decimal RequestedAmount,
        string Status, DateTimeOffset SubmittedAt, DateTimeOffset? WithdrawnAt, DateTimeOffset? DecidedAt, string? DecisionNote,
        IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<OutputView> Outputs);

    public static IEndpointRouteBuilder MapMyApplications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/funded-posts/applications/me", async Task<Results<Ok<List<ApplicationView>>, NotFound>> (HttpContext http,
                TrainingDbContext db, CancellationToken ct) =>
            {
                if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
                var mine = await db.FundingApplications.AsNoTracking().Where(a => a.ProfileId == profile.Id).OrderByDescending(a => a.SubmittedAt).ToListAsync(ct);
                var views = new List<ApplicationView>();
                foreach (var application in mine) views.Add(await ViewAsync(db, application, ct));
                return TypedResults.Ok(views);
            })
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Funded posts")
            .WithName("GetMyFundedPostApplications")
            .WithSummary("Your applications, newest first, with decisions and, for awards, milestones and outputs.");
        app.MapPost("/api/training/funded-posts/applications/{id:guid}/withdraw", WithdrawAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Funded posts")
            .WithName("WithdrawMyFundedPostApplication")
            .WithSummary("Withdraw your application before it is decided (404 for anyone else's).");
        return app;
    }

    private static async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> WithdrawAsync(Guid id, HttpContext http, TrainingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
        if (await db.FundingApplications.SingleOrDefaultAsync(a => a.Id == id && a.ProfileId == profile.Id, ct) is not { } application)
            return TypedResults.NotFound();
        if (application.Status != ApplicationStatuses.Submitted)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This application is {application.Status}: only one awaiting a decision can be withdrawn.");
        application.Status = ApplicationStatuses.Withdrawn;
        application.WithdrawnAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, application, ct));
    }

    public static async Task<ApplicationView> ViewAsync(TrainingDbContext db, FundingApplication a, CancellationToken ct)
    {
        var title = await db.FundingCalls.Where(c => c.Id == a.CallId).Select(c => c.Title).SingleAsync(ct);
        var milestones = await db.AwardMilestones.AsNoTracking().Where(m => m.ApplicationId == a.Id).OrderBy(m => m.DueOn).ThenBy(m => m.Id)
            .Select(m => new MilestoneView(m.Id, m.Title, m.DueOn, m.DoneOn)).ToListAsync(ct);
        var outputs = await db.AwardOutputs.AsNoTracking().Where(o => o.ApplicationId == a.Id).OrderBy(o => o.On).ThenBy(o => o.Id)
            .Select(o => new OutputView(o.Id, o.Kind, o.On, o.Note)).ToListAsync(ct);
        return new ApplicationView(a.Id, a.CallId, title, a.Statement, [.. a.Answers.Select(x => new AnswerView(x.Criterion, x.Answer))], a.RequestedAmount,
            a.Status, a.SubmittedAt, a.WithdrawnAt, a.DecidedAt, a.DecisionNote, milestones, outputs);
    }
}

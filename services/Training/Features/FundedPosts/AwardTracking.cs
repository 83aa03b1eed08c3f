using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>
/// Programme staff track an award (an awarded application, by its id): milestones due and done, and the outputs it led
/// to (publications, grant applications, becoming a principal investigator), each told to the other services.
/// </summary>
public static class AwardTracking
{
    public const int NoteMaxLength = 500;

    public sealed record NewMilestone(string? Title, DateOnly? DueOn);
    public sealed record MilestoneDone(DateOnly? DoneOn);

    /// <param name="Kind">publication, grant-application, became-principal-investigator or other.</param>
    public sealed record NewOutput(string? Kind, DateOnly? On, [FreeText(NoteMaxLength)] string? Note);

    public static IEndpointRouteBuilder MapAwardTracking(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/training/funded-posts/awards").WithTags("Funded posts").RequireAuthorization(Policies.Coordinator);
        awards.MapPost("/{id:guid}/milestones", AddMilestoneAsync)
            .WithName("AddAwardMilestone")
            .WithSummary("Add a milestone, with its due date, to an award (409 unless the application was awarded).");
        awards.MapPost("/{id:guid}/milestones/{milestoneId:guid}/done", MilestoneDoneAsync)
            .WithName("MarkAwardMilestoneDone")
            .WithSummary("Record the day a milestone was done (not in the future).");
        awards.MapPost("/{id:guid}/outputs", AddOutputAsync)
            .WithName("RecordAwardOutput")
            .WithSummary("Record what the award led to, dated: publication, grant-application, became-principal-investigator or other.");
        return app;
    }

    private static ProblemHttpResult NotAnAward(FundingApplication a) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This application is {a.Status}: only an award is tracked.");

    private static async Task<Results<Ok<MyApplications.ApplicationView>, ValidationProblem, NotFound, ProblemHttpResult>> AddMilestoneAsync(Guid id,
        NewMilestone request, TrainingDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("title", request.Title, 200);
        FundingCalls.CheckDate(errors, "dueOn", request.DueOn);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FundingApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } award) return TypedResults.NotFound();
        if (award.Status != ApplicationStatuses.Awarded) return NotAnAward(award);
        db.AwardMilestones.Add(new AwardMilestone { Id = Guid.CreateVersion7(), ApplicationId = id, Title = request.Title!.Trim(), DueOn = request.DueOn!.Value });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MyApplications.ViewAsync(db, award, ct));
    }

    private static async Task<Results<Ok<MyApplications.ApplicationView>, ValidationProblem, NotFound, ProblemHttpResult>> MilestoneDoneAsync(Guid id,
        Guid milestoneId, MilestoneDone request, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        FundingCalls.CheckDate(errors, "doneOn", request.DoneOn);
        if (request.DoneOn > clock.Today()) errors.Add("doneOn", "Not in the future.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.AwardMilestones.SingleOrDefaultAsync(m => m.Id == milestoneId && m.ApplicationId == id, ct) is not { } milestone)
            return TypedResults.NotFound();
        milestone.DoneOn = request.DoneOn;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MyApplications.ViewAsync(db, await db.FundingApplications.AsNoTracking().SingleAsync(a => a.Id == id, ct), ct));
    }

    private static async Task<Results<Ok<MyApplications.ApplicationView>, ValidationProblem, NotFound, ProblemHttpResult>> AddOutputAsync(Guid id,
        NewOutput request, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequiredOneOf("kind", request.Kind, OutputKinds.All);
        FundingCalls.CheckDate(errors, "on", request.On);
        if (request.On > clock.Today()) errors.Add("on", "Not in the future.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FundingApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } award) return TypedResults.NotFound();
        if (award.Status != ApplicationStatuses.Awarded) return NotAnAward(award);
        var now = clock.GetUtcNow();
        db.AwardOutputs.Add(new AwardOutput
        {
            Id = Guid.CreateVersion7(), ApplicationId = id, Kind = request.Kind!, On = request.On!.Value,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), RecordedAt = now,
        });
        db.Publish(new TrainingOutcomeRecorded(award.ProfileId, request.Kind!, id, request.On!.Value), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MyApplications.ViewAsync(db, award, ct));
    }
}

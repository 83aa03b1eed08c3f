using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.FundedPosts;

/// <summary>Programme staff decide an application: awarded or not awarded, with a note the applicant sees; an award tells the other services.</summary>
public static class Decide
{
    public const int NoteMaxLength = 1000;

    /// <param name="Outcome">awarded or not-awarded.</param>
    public sealed record Decision(string? Outcome, [FreeText(NoteMaxLength)] string? Note);

    public static IEndpointRouteBuilder MapDecide(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/funded-posts/applications/{id:guid}/decision", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Funded posts")
            .WithName("DecideFundedPostApplication")
            .WithSummary("Award an application or not, with a note; once, and only while it awaits a decision (409 otherwise).");
        return app;
    }

    private static async Task<Results<Ok<MyApplications.ApplicationView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id,
        Decision request, HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("note", request.Note, NoteMaxLength)
            .RequiredOneOf("outcome", request.Outcome, [ApplicationStatuses.Awarded, ApplicationStatuses.NotAwarded]);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FundingApplications.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } application) return TypedResults.NotFound();
        if (application.Status != ApplicationStatuses.Submitted)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This application is {application.Status}: it can no longer be decided.");
        var now = clock.GetUtcNow();
        application.Status = request.Outcome!;
        application.DecidedAt = now;
        application.DecidedBy = http.User.SubjectId();
        application.DecisionNote = request.Note!.Trim();
        if (application.Status == ApplicationStatuses.Awarded)
        {
            var who = await db.Profiles.Where(p => p.Id == application.ProfileId)
                .Join(db.Organisations, p => p.OrganisationId, o => o.Id, (p, o) => new { p.ProfessionGroup, o.Id, o.Type, o.IcbCode }).SingleAsync(ct);
            db.Publish(new TrainingPostAwarded(application.Id, application.CallId, application.ProfileId, who.Id, who.Type, who.IcbCode,
                who.ProfessionGroup, now), clock);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MyApplications.ViewAsync(db, application, ct));
    }
}

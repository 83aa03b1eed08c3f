using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain.Mentoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>A member of staff asks for a mentor: their goals, the methods they want to learn, when and how they can meet. One open request each.</summary>
public static class MenteeRequests
{
    /// <param name="Goals">What they want to work on, as topics (depression, inequalities, grant-writing, becoming-a-principal-investigator, ...).</param>
    /// <param name="Methods">Research methods they want to learn (qualitative-interviews, surveys, ...).</param>
    /// <param name="Availability">Slots: a day and part of the day, e.g. tue-pm, thu-eve.</param>
    /// <param name="Modes">online and/or in-person.</param>
    public sealed record NewRequest(List<string>? Goals, List<string>? Methods, List<string>? Availability, List<string>? Modes);

    public sealed record RequestView(Guid Id, IReadOnlyList<string> Goals, IReadOnlyList<string> Methods, IReadOnlyList<string> Availability,
        IReadOnlyList<string> Modes, string Status, DateTimeOffset CreatedAt)
    {
        public static RequestView From(MentoringRequest r) => new(r.Id, r.Topics, r.Methods, r.Availability, r.Modes, r.Status, r.CreatedAt);
    }

    public static IEndpointRouteBuilder MapMenteeRequests(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/training/mentoring/requests").WithTags("Mentoring");
        requests.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("RequestMentor")
            .WithSummary("Ask for a mentor. 409 without a staff profile or while you have an open request.");
        requests.MapGet("/me", async Task<Results<Ok<RequestView>, NotFound>> (HttpContext http, TrainingDbContext db, CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } me
                && await db.MentoringRequests.AsNoTracking().Where(r => r.ProfileId == me.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct) is { } latest
                    ? TypedResults.Ok(RequestView.From(latest))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("GetMyMentorRequest")
            .WithSummary("Your latest request for a mentor: open, matched (then GET /mentoring/relationships/me) or withdrawn.");
        return app;
    }

    private static async Task<Results<Created<RequestView>, ValidationProblem, ProblemHttpResult>> CreateAsync(NewRequest request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .SubsetOf("goals", request.Goals, MentoringVocabulary.Topics, atLeast: 1)
            .SubsetOf("methods", request.Methods, MentoringVocabulary.Methods)
            .SubsetOf("availability", request.Availability, MentoringAvailability.Slots, atLeast: 1)
            .SubsetOf("modes", request.Modes, MentoringAvailability.Modes, atLeast: 1);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } me)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Create your staff profile first.",
                detail: "POST /api/training/profiles: matching needs your profession.");
        if (await db.MentoringRequests.AnyAsync(r => r.ProfileId == me.Id && r.Status == MentoringRequestStatuses.Open, ct)) return AlreadyOpen();
        var now = clock.GetUtcNow();
        var created = new MentoringRequest
        {
            Id = Guid.CreateVersion7(now), ProfileId = me.Id, Topics = [.. request.Goals!], Methods = [.. request.Methods ?? []],
            Availability = [.. request.Availability!], Modes = [.. request.Modes!], CreatedAt = now,
        };
        db.MentoringRequests.Add(created);
        // Two requests at once: the unique index on open requests decides.
        if (await db.SaveOrConflictAsync("You already have an open request for a mentor.", null, ct) is not null) return AlreadyOpen();
        return TypedResults.Created("/api/training/mentoring/requests/me", RequestView.From(created));
    }

    private static ProblemHttpResult AlreadyOpen() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "You already have an open request for a mentor.", detail: "GET /api/training/mentoring/requests/me shows it.");
}

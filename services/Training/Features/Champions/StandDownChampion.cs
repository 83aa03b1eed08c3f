using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>Programme staff record that a champion stood down: when, why, and by whom it was recorded.</summary>
public static class StandDownChampion
{
    /// <param name="On">The day they stood down: not before their appointment, not in the future.</param>
    public sealed record StandDown(DateOnly? On, [FreeText(AuditTrail.ReasonMaxLength)] string? Reason);

    public static IEndpointRouteBuilder MapStandDownChampion(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/training/champions/{id:guid}/stand-down", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Champions")
            .WithName("StandDownChampion")
            .WithSummary("Record that an active champion stood down, dated, with the reason (409 when already stood down).");
        return app;
    }

    private static async Task<Results<Ok<ChampionView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, StandDown request,
        HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Champions.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } champion) return TypedResults.NotFound();
        var errors = new ValidationErrors().Required("reason", request.Reason, AuditTrail.ReasonMaxLength);
        if (request.On is not { } on) errors.Add("on", "This field is required.");
        else if (on < champion.AppointedOn || on > clock.Today()) errors.Add("on", $"Between their appointment ({champion.AppointedOn:yyyy-MM-dd}) and today.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (champion.Status != ChampionStatuses.Active)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This champion already stood down on {champion.StoodDownOn:yyyy-MM-dd}.");
        champion.Status = ChampionStatuses.StoodDown;
        champion.StoodDownOn = request.On;
        champion.StoodDownBy = http.User.SubjectId();
        champion.StoodDownReason = request.Reason!.Trim();
        await db.PublishStoodDownAsync(champion, clock, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ChampionView.From(champion));
    }
}

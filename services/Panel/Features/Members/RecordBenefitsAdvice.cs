using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>A coordinator records that they offered the member benefits advice (payment for involvement can affect benefits), and when.</summary>
public static class RecordBenefitsAdvice
{
    /// <param name="OfferedOn">When the advice was offered; today when left out.</param>
    public sealed record Advice(DateOnly? OfferedOn);

    public static RouteGroupBuilder MapRecordBenefitsAdvice(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/benefits-advice", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RecordPanelBenefitsAdvice")
            .WithSummary("Record that the member was offered benefits advice, and on which day.");
        return group;
    }

    private static async Task<Results<Ok<MemberView>, ValidationProblem, NotFound>> HandleAsync(Guid id, Advice advice, PanelDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        if (advice.OfferedOn is { } on && (on > today || on.Year < 2000))
            return TypedResults.ValidationProblem(new ValidationErrors().Add("offeredOn", $"A date from 2000 to today ({today:yyyy-MM-dd}).").ToDictionary());
        if (await db.Members.SingleOrDefaultAsync(m => m.Id == id && m.ErasedAt == null, ct) is not { } member) return TypedResults.NotFound();
        (member.BenefitsAdviceOffered, member.BenefitsAdviceOfferedOn, member.ChangedAt) = (true, advice.OfferedOn ?? today, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MemberView.OfAsync(db, member, ct));
    }
}

using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Panel.Features.Feedback;

/// <summary>
/// A member gives feedback on one of their own involvements (an offer they accepted), as many pieces as they like, and
/// reads what they said with the researcher's answers. Anyone else's involvement is a 404, as one that does not exist.
/// </summary>
public static class GiveFeedback
{
    /// <param name="Text">What you want the researchers to hear: what worked, what did not, what they should change.</param>
    public sealed record FeedbackText([FreeText(FeedbackRules.TextMaxLength)] string? Text);

    public static RouteGroupBuilder MapGiveFeedback(this RouteGroupBuilder members)
    {
        members.MapPost("/me/involvements/{involvementId:guid}/feedback", GiveAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("GivePanelFeedback")
            .WithSummary("Give feedback on one of your involvements (an offer you accepted); the researcher answers each piece (\"you said, we did\").");
        members.MapGet("/me/feedback", MineAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("ListMyPanelFeedback")
            .WithSummary("The feedback you gave, newest first, with each answer (what changed, or why not) and when it came; paged.");
        return members;
    }

    private static async Task<Results<Created<FeedbackView>, ValidationProblem, NotFound, ProblemHttpResult>> GiveAsync(Guid involvementId,
        FeedbackText body, HttpContext http, PanelDbContext db, TimeProvider clock, IOptions<FeedbackOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("text", body.Text, FeedbackRules.TextMaxLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        var offer = await db.Offers.AsNoTracking()
            .SingleOrDefaultAsync(o => o.Id == involvementId && o.MemberId == member.Id && o.Status == OfferStatuses.Accepted, ct);
        if (offer is null) return TypedResults.NotFound();
        if (await db.Feedback.CountAsync(f => f.OfferId == offer.Id, ct) >= FeedbackRules.MaxPiecesPerInvolvement)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"You have given {FeedbackRules.MaxPiecesPerInvolvement} pieces of feedback on this involvement.",
                detail: "Talk to the Panel coordinators, who will pass on the rest.");
        var request = await db.InvolvementRequests.AsNoTracking().SingleAsync(r => r.Id == offer.RequestId, ct);
        var now = clock.GetUtcNow();
        var feedback = new Data.Feedback
        {
            Id = Guid.CreateVersion7(now), OfferId = offer.Id, RequestId = offer.RequestId, MemberId = member.Id, Text = body.Text!.Trim(), GivenAt = now,
        };
        db.Feedback.Add(feedback);
        await db.SaveChangesAsync(ct);
        var label = FeedbackRules.MemberLabels(await db.Feedback.AsNoTracking().Where(f => f.RequestId == request.Id).ToListAsync(ct))[(request.Id, member.Id)];
        return TypedResults.Created($"/api/panel/members/me/feedback/{feedback.Id}",
            FeedbackView.From(feedback, request, label, now, options.Value.OverdueAfterDays));
    }

    private static async Task<Results<Ok<Paged<FeedbackView>>, ValidationProblem, NotFound>> MineAsync([AsParameters] PageQuery page, HttpContext http,
        PanelDbContext db, TimeProvider clock, IOptions<FeedbackOptions> options, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        var mine = await db.Feedback.AsNoTracking().Where(f => f.MemberId == member.Id).ToListAsync(ct);
        var requestIds = mine.Select(f => f.RequestId).Distinct().ToList();
        var requests = await db.InvolvementRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var labels = FeedbackRules.MemberLabels(await db.Feedback.AsNoTracking().Where(f => requestIds.Contains(f.RequestId)).ToListAsync(ct));
        var now = clock.GetUtcNow();
        return TypedResults.Ok(page.Of(mine.OrderByDescending(f => f.GivenAt).ThenByDescending(f => f.Id)
            .Select(f => FeedbackView.From(f, requests[f.RequestId], labels[(f.RequestId, f.MemberId)], now, options.Value.OverdueAfterDays))));
    }
}

using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.Learning.Features.Representation;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Features.Panel;

/// <summary>
/// The Research Panel from Panel's events, over a span of recent days: how quickly feedback is answered (answers within the
/// limit and late, the share within it, the median days) and how much of the involvement (involvements and hours) members
/// of the programme's priority groups took (docs/decisions/0013). Every figure comes from disclosure-controlled counts, as
/// everywhere in Learning: each pair of counts is one protected table, shares are worked from the published (rounded)
/// counts, hours are rounded to 5 and shown only beside a published count, and the median only with at least
/// <see cref="MinimumForMedian"/> answers and both counts published. Raw figures for coordinators only, audited.
/// Panel members against the local population are <c>/api/learning/representation?population=panel-members</c>.
/// </summary>
public static class GetPanelInsights
{
    public const int MinimumForMedian = 10;
    public const int HoursRoundingBase = 5;
    public const int MaxDays = 3660;

    public sealed record Cell(string Group, int? Count, string Suppression);
    /// <param name="MedianDays">Median whole days from feedback to answer; null with a note when too few or hidden.</param>
    public sealed record Feedback(int? Answered, IReadOnlyList<Cell> Groups, double? ShareInTime, double? MedianDays, string? Note);
    /// <param name="Hours">Hours rounded to 5, shown only where the group's count of involvements is published.</param>
    public sealed record InvolvementGroup(string Group, int? Involvements, string Suppression, decimal? Hours);
    public sealed record Involvement(int? Total, int? NotStated, IReadOnlyList<InvolvementGroup> Groups, double? ShareOfInvolvements, double? ShareOfHours,
        IReadOnlyList<string> PriorityGroups);
    public sealed record Response(DateOnly From, DateOnly To, bool Protected, Feedback FeedbackTurnaround, Involvement InvolvementTaken);

    public static IEndpointRouteBuilder MapGetPanelInsights(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/learning/panel", HandleAsync)
            .RequireAuthorization(Policies.Insights)
            .WithTags("Panel")
            .WithName("GetPanelInsights")
            .WithSummary("Panel feedback turnaround and the share of involvement taken by priority groups over the last `days` (365 by default), disclosure-controlled unless raw=true (coordinators).");
        return app;
    }

    private static async Task<Results<Ok<Response>, ValidationProblem, ForbidHttpResult>> HandleAsync(LearningDbContext db, HttpContext http,
        TimeProvider clock, CancellationToken ct, int days = 365, bool raw = false, string? reason = null)
    {
        var errors = new ValidationErrors().MaxLength("reason", reason, AuditTrail.ReasonMaxLength);
        if (days is < 1 or > MaxDays) errors.Add("days", $"From 1 to {MaxDays} days.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (raw && !http.User.IsInRole(Roles.Coordinator)) return TypedResults.Forbid();

        var to = clock.Today();
        var from = to.AddDays(-(days - 1));
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var answers = await db.PanelFeedbackAnswers.AsNoTracking().Where(f => f.AnsweredAt >= since)
            .Select(f => new { f.TurnaroundDays, f.WasOverdue }).ToListAsync(ct);
        var involvements = await db.PanelInvolvements.AsNoTracking().Where(i => i.ActivityDate >= from)
            .Select(i => new { i.Hours, EthnicGroup = db.PanelMembers.Where(m => m.MemberId == i.MemberId).Select(m => m.EthnicGroup).FirstOrDefault() })
            .ToListAsync(ct);
        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"panel {http.Request.QueryString.Value}", reason);
            await db.SaveChangesAsync(ct);
        }

        // Feedback: in time and late are one table.
        var turnaround = DisclosureControl.Publish([("in-time", answers.Count(a => !a.WasOverdue)), ("overdue", answers.Count(a => a.WasOverdue))], raw);
        var allShown = turnaround.Cells.All(c => c.Count is not null) && turnaround.Total is > 0;
        double? shareInTime = allShown ? (double)turnaround.Cells[0].Count!.Value / turnaround.Total!.Value : null;
        double? median = null;
        string? note = null;
        if (answers.Count == 0) note = "No feedback answered in this span.";
        else if (!allShown || answers.Count < MinimumForMedian) note = $"Too few answers for a median (it needs at least {MinimumForMedian}).";
        else median = Domain.Spc.Median(answers.Select(a => (double)a.TurnaroundDays));
        var feedback = new Feedback(turnaround.Total, Cells(turnaround), shareInTime, median, note);

        // Involvement: priority groups and the rest (among members whose ethnic group is stated) are one table.
        var priority = IndicatorOptions.PanelPriorityGroups;
        static bool Stated(string? group) => group is not null && group != "prefer-not-to-say";
        var stated = involvements.Where(i => Stated(i.EthnicGroup)).ToList();
        var inGroups = stated.Where(i => priority.Contains(i.EthnicGroup)).ToList();
        var others = stated.Where(i => !priority.Contains(i.EthnicGroup)).ToList();
        var taken = DisclosureControl.Publish([("priority-groups", inGroups.Count), ("other-groups", others.Count)], raw);
        decimal? Hours(ProtectedCell cell, decimal hours) => cell.Count is null ? null : raw ? hours : RoundHours(hours);
        var groups = new[] { (taken.Cells[0], inGroups.Sum(i => i.Hours)), (taken.Cells[1], others.Sum(i => i.Hours)) }
            .Select(g => new InvolvementGroup(g.Item1.Group, g.Item1.Count, GetRepresentation.Describe(g.Item1.Suppression), Hours(g.Item1, g.Item2))).ToList();
        var countsShown = taken.Cells.All(c => c.Count is not null) && taken.Total is > 0;
        var hoursTotal = countsShown ? groups.Sum(g => g.Hours!.Value) : 0;
        var involvement = new Involvement(taken.Total, raw ? involvements.Count - stated.Count : DisclosureControl.Publish(involvements.Count - stated.Count),
            groups, countsShown ? (double)taken.Cells[0].Count!.Value / taken.Total!.Value : null,
            countsShown && hoursTotal > 0 ? (double)(groups[0].Hours!.Value / hoursTotal) : null, priority);
        return TypedResults.Ok(new Response(from, to, !raw, feedback, involvement));
    }

    private static IReadOnlyList<Cell> Cells(ProtectedTable table) =>
        table.Cells.Select(c => new Cell(c.Group, c.Count, GetRepresentation.Describe(c.Suppression))).ToList();

    /// <summary>Hours to the nearest 5, as counts are: a group's hours should not pin down one member's.</summary>
    public static decimal RoundHours(decimal hours) => Math.Round(hours / HoursRoundingBase, MidpointRounding.AwayFromZero) * HoursRoundingBase;
}

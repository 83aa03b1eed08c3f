using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// The rate table coordinators maintain (docs/decisions/0010), seeded with NIHR's rates either side of the uplift of
/// 16 December 2025. History is never edited: a new rate is a new row from its date. A row that would change a claim
/// already worked out (a date on or before an activity claimed at the old rate) is refused with 409.
/// </summary>
public static partial class Rates
{
    public const long MaxAmountPence = 1_000_000;

    public sealed record RateView(string Category, DateOnly EffectiveFrom, long AmountPence, string Amount, string Unit, DateTimeOffset AddedAt, string AddedBy)
    {
        public static RateView From(PaymentRate r) =>
            new(r.Category, r.EffectiveFrom, r.AmountPence, new Domain.Payments.Pence(r.AmountPence).ToPounds(), r.Unit, r.AddedAt, r.AddedBy);
    }

    /// <param name="Category">A key such as hourly, short-task, meeting or senior-role-day (or a new one).</param>
    /// <param name="EffectiveFrom">The first activity date the rate applies to.</param>
    /// <param name="AmountPence">The amount in pence (2750 = £27.50).</param>
    /// <param name="Unit">per-hour, per-half-day or per-activity; a category's existing unit when left out.</param>
    public sealed record NewRate([MaxLength(50)] string? Category, DateOnly? EffectiveFrom, long? AmountPence, string? Unit);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")] private static partial Regex KeyShape();

    public static RouteGroupBuilder MapRates(this RouteGroupBuilder group)
    {
        group.MapGet("/rates", async (PanelDbContext db, CancellationToken ct) => TypedResults.Ok(
                (await db.PaymentRates.AsNoTracking().OrderBy(r => r.Category).ThenBy(r => r.EffectiveFrom).ToListAsync(ct)).Select(RateView.From).ToList()))
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListPanelPaymentRates")
            .WithSummary("The rate table: every category's rates with the dates they take effect, history included, by category then date.");
        group.MapPost("/rates", AddAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("AddPanelPaymentRate")
            .WithSummary("Add a rate from a date (an uplift). 409 for a category's second rate on one date, or a date on or before an activity already claimed in that category.");
        return group;
    }

    private static async Task<Results<Created<RateView>, ValidationProblem, ProblemHttpResult>> AddAsync(NewRate rate, HttpContext http,
        PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().OneOf("unit", rate.Unit, PaymentCodes.Units);
        if (string.IsNullOrWhiteSpace(rate.Category)) errors.Add("category", "This field is required.");
        else if (!KeyShape().IsMatch(rate.Category)) errors.Add("category", "A key of lower-case letters and digits joined by hyphens, e.g. meeting.");
        if (rate.EffectiveFrom is not { } from) errors.Add("effectiveFrom", "This field is required.");
        else if (from.Year is < 2000 or > 2100) errors.Add("effectiveFrom", "A date from 2000 to 2100.");
        if (rate.AmountPence is not { } amount) errors.Add("amountPence", "This field is required.");
        else if (amount is < 0 or > MaxAmountPence) errors.Add("amountPence", $"Whole pence from 0 to {MaxAmountPence}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var category = rate.Category!;
        var existing = await db.PaymentRates.AsNoTracking().Where(r => r.Category == category).ToListAsync(ct);
        var unit = rate.Unit ?? existing.FirstOrDefault()?.Unit;
        if (unit is null)
            return TypedResults.ValidationProblem(new ValidationErrors().Add("unit", "A new category needs its unit: per-hour, per-half-day or per-activity.").ToDictionary());
        if (existing.Count > 0 && existing[0].Unit != unit)
            return TypedResults.ValidationProblem(new ValidationErrors().Add("unit", $"{category} is paid {existing[0].Unit}; a new unit is a new category.").ToDictionary());
        if (existing.Any(r => r.EffectiveFrom == rate.EffectiveFrom))
            return Conflict($"{category} already has a rate from {rate.EffectiveFrom:yyyy-MM-dd}.", "Rates are never edited: add the new rate from a later date.");
        // A new row changes the rate of every activity on or after its date until the next row: refuse it if any claim
        // already worked out (not rejected) falls there, so nobody's submitted, approved or paid fee moves.
        var next = existing.Where(r => r.EffectiveFrom > rate.EffectiveFrom).Select(r => (DateOnly?)r.EffectiveFrom).Min();
        if (await db.Claims.AnyAsync(c => c.RateCategory == category && c.Status != ClaimStatuses.Rejected && c.ActivityDate >= rate.EffectiveFrom
                && (next == null || c.ActivityDate < next), ct))
            return Conflict($"A claim already worked out at {category}'s rate has an activity on or after {rate.EffectiveFrom:yyyy-MM-dd}.",
                "Rates are never changed behind a claim: choose a date after the latest activity claimed in this category.");
        var row = new PaymentRate
        {
            Category = category, EffectiveFrom = rate.EffectiveFrom!.Value, AmountPence = rate.AmountPence!.Value, Unit = unit,
            AddedAt = clock.GetUtcNow(), AddedBy = http.User.SubjectId(),
        };
        db.PaymentRates.Add(row);
        if (await db.SaveOrConflictAsync($"{category} already has a rate from {row.EffectiveFrom:yyyy-MM-dd}.", "Add the new rate from another date.", ct)
            is { } race) return race;
        return TypedResults.Created("/api/panel/payments/rates", RateView.From(row));
    }

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

using System.ComponentModel.DataAnnotations;
using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Preference = MhAll.Panel.Domain.Payments.PaymentPreference;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// A member claims for one involvement, once: the fee from the rate in force on the activity's date and the time
/// recorded (<see cref="ClaimCalculator"/>), and expenses (miles at the mileage rate, travel receipts, a data allowance,
/// carer costs). A member who declines payment, or public-sector staff taking part in work time, make the claim all the
/// same: it records the involvement with a fee of 0 and says why; their expenses are still reimbursed (ADR 0010).
/// A voucher member's fee is paid as a voucher.
/// </summary>
public static class SubmitClaim
{
    public const int MaxMiles = 1000, MaxReceipts = 20;
    public const long MaxExpensePence = 100_000;

    /// <param name="Miles">Whole miles driven there and back (paid at the mileage rate, 45p a mile); 0 when left out.</param>
    /// <param name="TravelReceiptsPence">Each travel receipt's amount in pence (fares, parking).</param>
    /// <param name="DataAllowancePence">Mobile data or broadband used to take part online, in pence.</param>
    /// <param name="CarerCostsPence">What the member paid someone to care for a dependant meanwhile, in pence.</param>
    /// <param name="InWorkTime">Public-sector staff: whether they took part in work time (then no fee is paid: their employer pays for that time). Required of them.</param>
    public sealed record ClaimForm(int? Miles, [MaxLength(MaxReceipts)] List<long>? TravelReceiptsPence, long? DataAllowancePence, long? CarerCostsPence,
        bool? InWorkTime);

    public static RouteGroupBuilder MapSubmitClaim(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/claim", HandleAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("SubmitPanelClaim")
            .WithSummary("Claim for your involvement: the fee is worked out from the rate on the activity's date and your recorded time, plus expenses. One claim per involvement (409 for a second); 409 before your time is recorded or when no rate applies.");
        return group;
    }

    private static async Task<Results<Created<ClaimView>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Guid id, ClaimForm form,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (form.Miles is < 0 or > MaxMiles) errors.Add("miles", $"Whole miles from 0 to {MaxMiles}.");
        for (var i = 0; i < (form.TravelReceiptsPence?.Count ?? 0); i++)
            if (form.TravelReceiptsPence![i] is < 1 or > MaxExpensePence) errors.Add($"travelReceiptsPence[{i}]", $"Pence from 1 to {MaxExpensePence}.");
        if (form.DataAllowancePence is < 0 or > MaxExpensePence) errors.Add("dataAllowancePence", $"Pence from 0 to {MaxExpensePence}.");
        if (form.CarerCostsPence is < 0 or > MaxExpensePence) errors.Add("carerCostsPence", $"Pence from 0 to {MaxExpensePence}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FindInvolvementAsync(id, http.User, ct) is not { } involvement) return TypedResults.NotFound();
        var member = involvement.Member;
        if (member.PublicSectorEmployee && form.InWorkTime is null)
            return TypedResults.ValidationProblem(new ValidationErrors()
                .Add("inWorkTime", "You work in the public sector: say whether you took part in work time (then no fee is paid).").ToDictionary());

        if (await db.Claims.AnyAsync(c => c.OfferId == id, ct)) return AlreadyClaimed();
        if (await db.Attendance.AsNoTracking().SingleOrDefaultAsync(a => a.OfferId == id, ct) is not { } time)
            return Conflict("Your time for this involvement is not recorded yet.", "Record it first (PUT .../attendance), then claim.");
        var category = involvement.Request.RateCategory ?? "";
        var rates = await db.RateTableAsync(ct);
        var claimId = Guid.CreateVersion7(clock.GetUtcNow());
        var inWorkTime = member.PublicSectorEmployee && form.InWorkTime == true;
        var input = new InvolvementClaim(claimId, member.Id, time.ActivityDate, category, time.AttendanceMinutes, time.PreparationMinutes,
            PreferenceOf(member.PaymentPreference), inWorkTime,
            new ClaimExpenses(form.Miles ?? 0, [.. (form.TravelReceiptsPence ?? []).Select(p => new Pence(p))], new Pence(form.DataAllowancePence ?? 0),
                new Pence(form.CarerCostsPence ?? 0)));
        var rate = rates.RateOn(category, time.ActivityDate);
        if (rate is null || (rate.Unit == RateUnit.PerHalfDay && time.PreparationMinutes > 0 && rates.RateOn(RateCategories.Hourly, time.ActivityDate) is null))
            return Conflict($"No '{category}' rate is in force on {time.ActivityDate:yyyy-MM-dd}.",
                "A coordinator adds the rate (POST /api/panel/payments/rates) or corrects the request's rate category; then claim again.");
        var policy = ExpensePolicy.Default;
        var worked = ClaimCalculator.Calculate(input, rates, policy);

        var claim = new PaymentClaim
        {
            Id = claimId, OfferId = id, MemberId = member.Id, RequestId = involvement.Request.Id, ActivityDate = time.ActivityDate,
            RateCategory = category, RateEffectiveFrom = worked.Rate.EffectiveFrom, RateAmountPence = worked.Rate.Amount.Value,
            RateUnit = PaymentCodes.Of(worked.Rate.Unit), AttendanceMinutes = time.AttendanceMinutes, PreparationMinutes = time.PreparationMinutes,
            Miles = input.Expenses.Miles, MileagePencePerMile = policy.PerMile.Value, TravelReceiptsPence = form.TravelReceiptsPence ?? [],
            DataAllowancePence = input.Expenses.DataAllowance.Value, CarerCostsPence = input.Expenses.CarerCosts.Value, InWorkTime = inWorkTime,
            FeePence = worked.Fee.Value, FeeMethod = PaymentCodes.Of(worked.FeeMethod), ExpensesPence = worked.Expenses.Value,
            NoFeeReason = worked.NoFee is { } why ? PaymentCodes.Of(why) : null,
            Lines = [.. worked.Lines.Select(l => $"{l.Description}: {l.Amount}")],
            Status = ClaimStatuses.Submitted, SubmittedAt = clock.GetUtcNow(),
        };
        db.Claims.Add(claim);
        // Two submissions at once pass the check above; the unique index on the involvement keeps one.
        if (await db.SaveOrConflictAsync("This involvement has already been claimed for.", "One claim per involvement.", ct) is not null)
            return AlreadyClaimed();
        return TypedResults.Created($"/api/panel/claims/{claim.Id}", ClaimView.From(claim));
    }

    private static Preference PreferenceOf(string code) => code switch
    {
        Domain.PaymentPreference.Voucher => Preference.Voucher,
        Domain.PaymentPreference.DeclinesPayment => Preference.DeclinesPayment,
        _ => Preference.Paid,
    };

    private static ProblemHttpResult AlreadyClaimed() =>
        Conflict("This involvement has already been claimed for.", "One claim per involvement: see GET /api/panel/members/me/payments.");

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Panel;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.PanelSeeding;
using static MhAll.ServiceTests.PaymentSeeding;

namespace MhAll.ServiceTests;

/// <summary>The Panel with a clock the payment tests move (to either side of 5/6 April).</summary>
public sealed class PanelPaymentFactory : PanelFactory
{
    public MovableClock Clock { get; } = new();
    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>Moves the clock to the instant given, or back to the real time for null.</summary>
    public void SetNow(DateTimeOffset? at) => Clock.Advance((at ?? DateTimeOffset.UtcNow) - Clock.GetUtcNow());
}

/// <summary>Involvements (accepted offers, made in the database: the offer endpoints are another feature's) and the steps of claiming for them.</summary>
public static class PaymentSeeding
{
    public const string Involvements = "/api/panel/involvements", Claims = "/api/panel/claims", Runs = "/api/panel/payment-runs",
        Rates = "/api/panel/payments/rates";

    /// <summary>A new member (their application adjusted by <paramref name="change"/>) with an accepted offer of an accepted request at the rate category given.</summary>
    public static async Task<(HttpClient Member, Guid MemberId, Guid InvolvementId)> InvolvedMemberAsync(this PanelFactory factory,
        Action<Dictionary<string, object?>>? change = null, string rateCategory = "hourly")
    {
        var (member, memberId) = await factory.ApplicantAsync(change);
        var involvementId = await factory.InvolvementAsync(memberId, rateCategory);
        return (member, memberId, involvementId);
    }

    /// <summary>Another involvement of the same member: a new accepted request, offered and accepted.</summary>
    public static async Task<Guid> InvolvementAsync(this PanelFactory factory, Guid memberId, string rateCategory = "hourly")
    {
        var (_, requestId) = await factory.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(requestId,
            new { decision = "accept", activityType = "lay-summary-review", rateCategory })).StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var now = DateTimeOffset.UtcNow;
        var offer = new Offer
        {
            Id = Guid.CreateVersion7(), RequestId = requestId, MemberId = memberId, Rank = 1, MadeAt = now, ExpiresAt = now.AddDays(7),
            Status = OfferStatuses.Accepted, ClosedAt = now,
        };
        db.Offers.Add(offer);
        await db.SaveChangesAsync();
        return offer.Id;
    }

    public static Task<HttpResponseMessage> RecordTimeAsync(this HttpClient client, Guid involvement, DateOnly on, decimal hours, decimal preparationHours = 0) =>
        client.PutAsJsonAsync($"{Involvements}/{involvement}/attendance", new { activityDate = on, hours, preparationHours });

    public static async Task<JsonElement> ClaimAsync(this HttpClient member, Guid involvement, object? expenses = null)
    {
        var response = await member.PostAsJsonAsync($"{Involvements}/{involvement}/claim", expenses ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Records the time, the coordinator confirms it, and the member claims: the claim.</summary>
    public static async Task<JsonElement> ClaimedAsync(this PanelFactory factory, HttpClient member, Guid involvement, DateOnly on, decimal hours,
        object? expenses = null)
    {
        Assert.Equal(HttpStatusCode.OK, (await member.RecordTimeAsync(involvement, on, hours)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Coordinator().PostAsync($"{Involvements}/{involvement}/attendance/confirm", null)).StatusCode);
        return await member.ClaimAsync(involvement, expenses);
    }

    public static async Task<JsonElement> DecideAsync(this PanelFactory factory, Guid claim, string outcome = "approve", string? reason = null)
    {
        var response = await factory.Coordinator().PostAsJsonAsync($"{Claims}/{claim}/decision", new { outcome, reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> RunAsync(this PanelFactory factory, string key) =>
        factory.Coordinator().PostAsJsonAsync(Runs, new { idempotencyKey = key });

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();
    public static long Pence(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
    public static string Text(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelPaymentTests(PanelPaymentFactory factory) : IClassFixture<PanelPaymentFactory>
{
    private static readonly DateOnly AfterUplift = new(2026, 6, 1);

    [Fact]
    public async Task The_activity_date_picks_the_rate_either_side_of_the_NIHR_uplift_of_16_December_2025()
    {
        var (member, memberId, before) = await factory.InvolvedMemberAsync();
        var after = await factory.InvolvementAsync(memberId);
        var old = await factory.ClaimedAsync(member, before, new DateOnly(2025, 12, 15), 2);
        var uplifted = await factory.ClaimedAsync(member, after, new DateOnly(2025, 12, 16), 2);
        Assert.Equal((2500L, 5000L), (old.Pence("rateAmountPence"), old.Pence("feePence")));
        Assert.Equal((2750L, 5500L), (uplifted.Pence("rateAmountPence"), uplifted.Pence("feePence")));
        Assert.Equal(old.Pence("feePence") * 11, uplifted.Pence("feePence") * 10);
        Assert.Equal(new DateOnly(2025, 12, 16), DateOnly.Parse(uplifted.Text("rateEffectiveFrom")));
    }

    [Fact]
    public async Task A_member_records_2_hours_and_30_miles_claims_is_approved_and_is_paid_once_in_a_run()
    {
        var (member, memberId, involvement) = await factory.InvolvedMemberAsync(b => b["name"] = "=HYPERLINK(\"http://evil.example\",\"Rukhsana\")");
        Assert.Equal(HttpStatusCode.OK, (await member.RecordTimeAsync(involvement, AfterUplift, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Coordinator().PostAsync($"{Involvements}/{involvement}/attendance/confirm", null)).StatusCode);
        Assert.True(await factory.PublishedAsync<InvolvementCompleted>(e => e.InvolvementId == involvement && e.MemberId == memberId && e.Hours == 2m
            && e.ActivityType == "lay-summary-review" && e.ActivityDate == AfterUplift));
        var claim = await member.ClaimAsync(involvement, new { miles = 30 });
        // 2 h at £27.50 = £55.00, 30 miles at 45p = £13.50: £68.50, exactly.
        Assert.Equal((5500L, 1350L, 6850L, "68.50", "bank-transfer", "submitted"), (claim.Pence("feePence"), claim.Pence("expensesPence"),
            claim.Pence("totalPence"), claim.Text("total"), claim.Text("feeMethod"), claim.Text("status")));
        await (await member.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await member.RecordTimeAsync(involvement, AfterUplift, 3)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("approved", (await factory.DecideAsync(claim.Id())).Text("status"));
        var key = $"walk-{Guid.NewGuid():N}";
        var first = await factory.RunAsync(key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var run = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(claim.Id(), run.GetProperty("claimIds").EnumerateArray().Select(c => c.GetGuid()));
        var again = await factory.RunAsync(key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(run.Id(), (await again.Content.ReadFromJsonAsync<JsonElement>()).Id());
        var next = await (await factory.RunAsync($"next-{Guid.NewGuid():N}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(claim.Id(), next.GetProperty("claimIds").EnumerateArray().Select(c => c.GetGuid()));

        var paid = await member.GetFromJsonAsync<JsonElement>($"{Claims}/{claim.Id()}");
        Assert.Equal(("paid", run.Id()), (paid.Text("status"), paid.GetProperty("paymentRunId").GetGuid()));
        var csv = await factory.Coordinator().GetAsync($"{Runs}/{run.Id()}/csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("run_id,run_date,claim_id,member_id,payee_name,payee_reference,activity_date,fee_method,fee,expenses,total", rows[0]);
        var row = Assert.Single(rows, r => r.Contains(claim.Id().ToString()));
        // The formula-looking name is defused with an apostrophe (and quoted, as it holds commas and quotes).
        Assert.Equal($"{run.Id()},{run.Text("runDate")},{claim.Id()},{memberId},\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Rukhsana\"\")\"," +
            $"PANEL-{memberId:N},2026-06-01,bank-transfer,55.00,13.50,68.50", row);

        var mine = await member.GetFromJsonAsync<JsonElement>($"{Members}/me/payments");
        var payment = Assert.Single(mine.GetProperty("payments").EnumerateArray());
        Assert.Equal(6850L, payment.Pence("totalPence"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PanelDbContext>().Payments.CountAsync(p => p.ClaimId == claim.Id()));
    }

    [Fact]
    public async Task A_member_who_declines_payment_is_recorded_and_not_paid()
    {
        var (member, memberId, involvement) = await factory.InvolvedMemberAsync(b => b["paymentPreference"] = "declines-payment");
        var claim = await factory.ClaimedAsync(member, involvement, AfterUplift, 2);
        Assert.Equal((0L, "none", "declines-payment", 2m), (claim.Pence("feePence"), claim.Text("feeMethod"), claim.Text("noFeeReason"),
            claim.GetProperty("hours").GetDecimal()));
        Assert.Contains(claim.GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("not paid: the member declines payment"));
        Assert.Equal("settled", (await factory.DecideAsync(claim.Id())).Text("status"));
        var run = await (await factory.RunAsync($"declines-{Guid.NewGuid():N}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(claim.Id(), run.GetProperty("claimIds").EnumerateArray().Select(c => c.GetGuid()));
        var totals = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}/{memberId}/payments");
        Assert.Single(totals.GetProperty("claims").EnumerateArray());
        Assert.Empty(totals.GetProperty("payments").EnumerateArray());
        Assert.Empty(totals.GetProperty("taxYears").EnumerateArray());
    }

    [Fact]
    public async Task Public_sector_staff_in_work_time_get_no_fee_but_their_expenses_and_voucher_members_are_paid_by_voucher()
    {
        var (staff, _, involvement) = await factory.InvolvedMemberAsync(b => b["publicSectorEmployee"] = true);
        Assert.Equal(HttpStatusCode.OK, (await staff.RecordTimeAsync(involvement, AfterUplift, 2)).StatusCode);
        await (await staff.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { miles = 10 })).AssertValidationProblemAsync("inWorkTime");
        var claim = await staff.ClaimAsync(involvement, new { miles = 10, inWorkTime = true });
        Assert.Equal((0L, 450L, "public-sector-in-work-time"), (claim.Pence("feePence"), claim.Pence("expensesPence"), claim.Text("noFeeReason")));

        var (voucher, voucherId, voucherInvolvement) = await factory.InvolvedMemberAsync(b => b["paymentPreference"] = "voucher");
        var voucherClaim = await factory.ClaimedAsync(voucher, voucherInvolvement, AfterUplift, 1, new { travelReceiptsPence = new[] { 480, 320 } });
        Assert.Equal((2750L, 800L, "voucher"), (voucherClaim.Pence("feePence"), voucherClaim.Pence("expensesPence"), voucherClaim.Text("feeMethod")));
        await factory.DecideAsync(voucherClaim.Id());
        var run = await (await factory.RunAsync($"voucher-{Guid.NewGuid():N}")).Content.ReadFromJsonAsync<JsonElement>();
        var csv = await (await factory.Coordinator().GetAsync($"{Runs}/{run.Id()}/csv")).Content.ReadAsStringAsync();
        Assert.Contains($",PANEL-{voucherId:N},2026-06-01,voucher,27.50,8.00,35.50", csv);
        var year = Assert.Single((await voucher.GetFromJsonAsync<JsonElement>($"{Members}/me/payments")).GetProperty("taxYears").EnumerateArray());
        Assert.Equal((0L, 2750L, 800L), (year.Pence("feesPaidPence"), year.Pence("feesAsVouchersPence"), year.Pence("expensesPence")));
    }

    [Fact]
    public async Task A_coordinator_rejects_with_a_reason_and_a_claim_is_decided_once()
    {
        var (member, _, involvement) = await factory.InvolvedMemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.RecordTimeAsync(involvement, AfterUplift, 1.5m, 0.5m)).StatusCode);
        var claim = await member.ClaimAsync(involvement, new { dataAllowancePence = 500, carerCostsPence = 2000 });
        Assert.Equal((5500L, 2500L), (claim.Pence("feePence"), claim.Pence("expensesPence")));
        var coordinator = factory.Coordinator();
        // Not approved before the attendance is confirmed.
        await (await coordinator.PostAsJsonAsync($"{Claims}/{claim.Id()}/decision", new { outcome = "approve" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PostAsJsonAsync($"{Claims}/{claim.Id()}/decision", new { outcome = "reject" })).AssertValidationProblemAsync("reason");
        var rejected = await factory.DecideAsync(claim.Id(), "reject", "The session was cancelled.");
        Assert.Equal(("rejected", "The session was cancelled."), (rejected.Text("status"), rejected.Text("rejectionReason")));
        await (await coordinator.PostAsJsonAsync($"{Claims}/{claim.Id()}/decision", new { outcome = "approve" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await member.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await member.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { miles = -1, travelReceiptsPence = new[] { 0 } }))
            .AssertValidationProblemAsync("miles", "travelReceiptsPence[0]");
    }

    [Fact]
    public async Task Two_runs_at_once_never_pay_a_claim_twice()
    {
        var claims = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var (member, _, involvement) = await factory.InvolvedMemberAsync();
            var claim = await factory.ClaimedAsync(member, involvement, AfterUplift, 1);
            await factory.DecideAsync(claim.Id());
            claims.Add(claim.Id());
        }
        var runs = await Task.WhenAll(factory.RunAsync($"a-{Guid.NewGuid():N}"), factory.RunAsync($"b-{Guid.NewGuid():N}"));
        Assert.All(runs, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var paid = new List<Guid>();
        foreach (var run in runs) paid.AddRange((await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claimIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.All(claims, c => Assert.Single(paid, c));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        Assert.Equal(4, await db.Payments.CountAsync(p => claims.Contains(p.ClaimId)));
        Assert.Equal(4, await db.Claims.CountAsync(c => claims.Contains(c.Id) && c.Status == ClaimStatuses.Paid));
    }

    [Fact]
    public async Task Tax_year_totals_go_by_the_day_paid_either_side_of_5_and_6_April()
    {
        try
        {
            var (member, memberId, first) = await factory.InvolvedMemberAsync();
            var second = await factory.InvolvementAsync(memberId);
            factory.SetNow(new DateTimeOffset(2026, 4, 5, 12, 0, 0, TimeSpan.Zero));
            var april5 = await factory.ClaimedAsync(member, first, new DateOnly(2026, 3, 20), 2);
            await factory.DecideAsync(april5.Id());
            Assert.Equal(HttpStatusCode.Created, (await factory.RunAsync($"april-5-{Guid.NewGuid():N}")).StatusCode);
            factory.SetNow(new DateTimeOffset(2026, 4, 6, 12, 0, 0, TimeSpan.Zero));
            var april6 = await factory.ClaimedAsync(member, second, new DateOnly(2026, 3, 21), 1, new { miles = 10 });
            await factory.DecideAsync(april6.Id());
            Assert.Equal(HttpStatusCode.Created, (await factory.RunAsync($"april-6-{Guid.NewGuid():N}")).StatusCode);

            var years = (await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}/{memberId}/payments")).GetProperty("taxYears")
                .EnumerateArray().Select(y => (y.Text("taxYear"), y.Pence("feesPaidPence"), y.Pence("expensesPence"), y.GetProperty("payments").GetInt32())).ToList();
            Assert.Equal([("2025-26", 5500L, 0L, 1), ("2026-27", 2750L, 450L, 1)], years);
        }
        finally
        {
            factory.SetNow(null);
        }
    }

    [Fact]
    public async Task An_erased_members_approved_claim_is_still_paid_to_their_stub()
    {
        var (member, memberId, involvement) = await factory.InvolvedMemberAsync();
        var claim = await factory.ClaimedAsync(member, involvement, AfterUplift, 2);
        await factory.DecideAsync(claim.Id());
        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync($"{Members}/me")).StatusCode);
        var run = await (await factory.RunAsync($"erased-{Guid.NewGuid():N}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(claim.Id(), run.GetProperty("claimIds").EnumerateArray().Select(c => c.GetGuid()));
        var csv = await (await factory.Coordinator().GetAsync($"{Runs}/{run.Id()}/csv")).Content.ReadAsStringAsync();
        Assert.Contains($"{claim.Id()},{memberId},,PANEL-{memberId:N},2026-06-01,bank-transfer,55.00,0.00,55.00", csv);
        var year = Assert.Single((await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}/{memberId}/payments")).GetProperty("taxYears").EnumerateArray());
        Assert.Equal(5500L, year.Pence("feesPaidPence"));
    }

    [Fact]
    public async Task The_rate_table_is_seeded_and_grows_by_new_rows_never_behind_a_claim()
    {
        var coordinator = factory.Coordinator();
        var rates = (await coordinator.GetFromJsonAsync<JsonElement>(Rates)).EnumerateArray().ToList();
        Assert.Contains(rates, r => r.Text("category") == "hourly" && r.Pence("amountPence") == 2750 && r.Text("effectiveFrom") == "2025-12-16");
        Assert.Contains(rates, r => r.Text("category") == "senior-role-day" && r.Pence("amountPence") == 49500 && r.Text("unit") == "per-activity");

        var category = $"test-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync(Rates,
            new { category, effectiveFrom = "2026-01-01", amountPence = 3000, unit = "per-hour" })).StatusCode);
        await (await coordinator.PostAsJsonAsync(Rates, new { category, effectiveFrom = "2026-01-01", amountPence = 3100 })).AssertProblemAsync(HttpStatusCode.Conflict);
        var (member, _, involvement) = await factory.InvolvedMemberAsync(rateCategory: category);
        Assert.Equal(3000L, (await factory.ClaimedAsync(member, involvement, AfterUplift, 1)).Pence("feePence"));
        // A row from a date on or before the claimed activity would change its rate: refused.
        await (await coordinator.PostAsJsonAsync(Rates, new { category, effectiveFrom = "2026-05-01", amountPence = 3300 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync(Rates, new { category, effectiveFrom = "2026-06-02", amountPence = 3300 })).StatusCode);
        await (await coordinator.PostAsJsonAsync(Rates, new { category, effectiveFrom = "2026-07-01", amountPence = 3300, unit = "per-activity" }))
            .AssertValidationProblemAsync("unit");
        // A category with no rate yet on the activity's date: the claim is refused, not guessed.
        var later = $"test-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync(Rates,
            new { category = later, effectiveFrom = "2030-01-01", amountPence = 3000, unit = "per-hour" })).StatusCode);
        var (other, _, unrated) = await factory.InvolvedMemberAsync(rateCategory: later);
        Assert.Equal(HttpStatusCode.OK, (await other.RecordTimeAsync(unrated, AfterUplift, 1)).StatusCode);
        await (await other.PostAsJsonAsync($"{Involvements}/{unrated}/claim", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Each_endpoint_refuses_the_wrong_role_and_another_members_objects_are_not_found()
    {
        var (member, memberId, involvement) = await factory.InvolvedMemberAsync();
        var claim = await factory.ClaimedAsync(member, involvement, AfterUplift, 1);
        var coordinator = factory.Coordinator();
        await (await member.PostAsJsonAsync(Rates, new { category = "hourly", effectiveFrom = "2030-01-01", amountPence = 1 })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsJsonAsync($"{Claims}/{claim.Id()}/decision", new { outcome = "approve" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsJsonAsync(Runs, new { idempotencyKey = "mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsync($"{Involvements}/{involvement}/attendance/confirm", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Claims}/{claim.Id()}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var (stranger, _) = await factory.ApplicantAsync();
        await (await stranger.GetAsync($"{Claims}/{claim.Id()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"{Involvements}/{involvement}/attendance")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.RecordTimeAsync(involvement, AfterUplift, 1)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync($"{Involvements}/{involvement}/claim", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>($"{Members}/me/payments")).GetProperty("claims").EnumerateArray());
        Assert.Equal(claim.Id(), (await member.GetFromJsonAsync<JsonElement>($"{Claims}/{claim.Id()}")).Id());
        Assert.Equal(memberId, (await coordinator.GetFromJsonAsync<JsonElement>($"{Claims}/{claim.Id()}")).GetProperty("memberId").GetGuid());
    }
}

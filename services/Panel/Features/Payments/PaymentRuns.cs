using System.ComponentModel.DataAnnotations;
using System.Text;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Domain.Payments;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PlannedRun = MhAll.Panel.Domain.Payments.PaymentRun;

namespace MhAll.Panel.Features.Payments;

/// <summary>
/// A coordinator makes a payment run: every approved claim not yet paid (approved on or before today), planned by
/// <see cref="PaymentRunPlanner"/>, stored with one payment row per claim, and the claims marked paid, in one
/// transaction. Idempotent by the coordinator's key: the same key returns the same run. Runs are made one at a time
/// (a transaction-scoped advisory lock), and the payments table's key is the claim, so two runs at once can never
/// pay one claim twice. The run's file for finance is <see cref="FinanceCsv"/>, CSV-injection safe.
/// </summary>
public static class PaymentRuns
{
    public const int KeyMaxLength = 100;

    /// <summary>The advisory lock that makes payment runs one at a time (an arbitrary constant of the Panel's).</summary>
    private const long RunLock = 0x50414E454C_52554E; // "PANELRUN"

    /// <param name="IdempotencyKey">The coordinator's key for this run (e.g. "2026-12-week-49"): the same key returns the same run.</param>
    public sealed record NewRun([MaxLength(KeyMaxLength)] string? IdempotencyKey);

    public sealed record RunView(Guid Id, string IdempotencyKey, DateOnly RunDate, DateTimeOffset CreatedAt, int Lines, long TotalPence, string Total,
        IReadOnlyList<Guid> ClaimIds);

    public static RouteGroupBuilder MapPaymentRuns(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("CreatePanelPaymentRun")
            .WithSummary("Pay every approved unpaid claim in a new run (201), or return the run already made with this idempotency key (200). No claim is ever in two runs.");
        group.MapGet("/{id:guid}", async Task<Results<Ok<RunView>, NotFound>> (Guid id, PanelDbContext db, CancellationToken ct) =>
                await db.PaymentRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } run
                    ? TypedResults.Ok(await ViewAsync(db, run, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetPanelPaymentRun")
            .WithSummary("A payment run: its date, number of payments, total and claims.");
        group.MapGet("/{id:guid}/csv", CsvAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ExportPanelPaymentRun")
            .WithSummary("The run as the CSV finance imports: one row per claim, amounts in pounds, text made safe from spreadsheet formulas.");
        return group;
    }

    private static async Task<Results<Created<RunView>, Ok<RunView>, ValidationProblem>> CreateAsync(NewRun request, HttpContext http,
        PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
            return TypedResults.ValidationProblem(new ValidationErrors().Add("idempotencyKey", "This field is required.").ToDictionary());
        var key = request.IdempotencyKey.Trim();
        var strategy = db.Database.CreateExecutionStrategy();
        var (run, created) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RunLock})", ct);
            if (await db.PaymentRuns.AsNoTracking().SingleOrDefaultAsync(r => r.IdempotencyKey == key, ct) is { } earlier)
            {
                await transaction.CommitAsync(ct);
                return (earlier, false);
            }
            var made = await PlanAndStoreAsync(db, key, http.User.SubjectId(), clock, ct);
            await transaction.CommitAsync(ct);
            return (made, true);
        });
        var view = await ViewAsync(db, run, ct);
        return created ? TypedResults.Created($"/api/panel/payment-runs/{run.Id}", view) : TypedResults.Ok(view);
    }

    /// <summary>Plans the run from the approved unpaid claims and stores it, its payments and the claims' new status. Inside the caller's transaction.</summary>
    private static async Task<Data.PaymentRun> PlanAndStoreAsync(PanelDbContext db, string key, string by, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var approved = await (from c in db.Claims.AsNoTracking()
                              join m in db.Members.AsNoTracking() on c.MemberId equals m.Id
                              where c.Status == ClaimStatuses.Approved
                              select new { c.Id, c.MemberId, m.Name, c.ActivityDate, c.ApprovedOn, c.FeePence, c.FeeMethod, c.ExpensesPence })
            .ToListAsync(ct);
        // The claims' status says unpaid; the payments table is the record of what was paid, so it has the last word.
        var alreadyPaid = await db.Payments.AsNoTracking().Where(p => db.Claims.Any(c => c.Id == p.ClaimId && c.Status == ClaimStatuses.Approved))
            .Select(p => p.ClaimId).ToListAsync(ct);
        var runId = Guid.CreateVersion7(now);
        var plan = PaymentRunPlanner.Plan(runId, today,
            approved.Select(c => new ApprovedClaim(c.Id, c.MemberId, PayeeName(c.Name), PayeeReference(c.MemberId), c.ActivityDate, c.ApprovedOn!.Value,
                new Pence(c.FeePence), PaymentCodes.Method(c.FeeMethod), new Pence(c.ExpensesPence))),
            alreadyPaid);
        var run = new Data.PaymentRun
        {
            Id = runId, IdempotencyKey = key, RunDate = today, CreatedAt = now, CreatedBy = by, Lines = plan.Lines.Count, TotalPence = plan.Total.Value,
        };
        db.PaymentRuns.Add(run);
        db.Payments.AddRange(plan.Lines.Select(l => new Payment
        {
            ClaimId = l.ClaimId, RunId = runId, MemberId = l.MemberId, PayeeName = l.PayeeName, PayeeReference = l.PayeeReference,
            ActivityDate = l.ActivityDate, FeePence = l.Fee.Value, FeeMethod = PaymentCodes.Of(l.FeeMethod), ExpensesPence = l.Expenses.Value, PaidOn = today,
        }));
        await db.SaveChangesAsync(ct);
        await db.Claims.Where(c => db.Payments.Any(p => p.RunId == runId && p.ClaimId == c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ClaimStatuses.Paid).SetProperty(c => c.PaymentRunId, runId)
                .SetProperty(c => c.PaidOn, today), ct);
        return run;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> CsvAsync(Guid id, PanelDbContext db, CancellationToken ct)
    {
        if (await db.PaymentRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is not { } run) return TypedResults.NotFound();
        var payments = await db.Payments.AsNoTracking().Where(p => p.RunId == id).ToListAsync(ct);
        var lines = payments.Select(p => new PaymentRunLine(p.ClaimId, p.MemberId, p.PayeeName, p.PayeeReference, p.ActivityDate, new Pence(p.FeePence),
                PaymentCodes.Method(p.FeeMethod), new Pence(p.ExpensesPence)))
            .OrderBy(l => l.MemberId).ThenBy(l => l.ClaimId).ToList();
        var csv = FinanceCsv.Write(new PlannedRun(run.Id, run.RunDate, lines, []));
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"panel-payment-run-{run.RunDate:yyyy-MM-dd}-{run.Id:N}.csv");
    }

    private static async Task<RunView> ViewAsync(PanelDbContext db, Data.PaymentRun run, CancellationToken ct) =>
        new(run.Id, run.IdempotencyKey, run.RunDate, run.CreatedAt, run.Lines, run.TotalPence, new Pence(run.TotalPence).ToPounds(),
            await db.Payments.AsNoTracking().Where(p => p.RunId == run.Id).OrderBy(p => p.MemberId).ThenBy(p => p.ClaimId).Select(p => p.ClaimId).ToListAsync(ct));

    /// <summary>An erased member's stub has no name: finance pays them by their reference alone.</summary>
    private static string PayeeName(string? name) => name ?? "";

    /// <summary>The member's reference in finance's records: their Panel id, which is kept on the stub after erasure.</summary>
    public static string PayeeReference(Guid memberId) => $"PANEL-{memberId:N}";
}

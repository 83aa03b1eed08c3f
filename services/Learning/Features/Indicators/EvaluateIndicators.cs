using MhAll.Contracts.Learning;
using MhAll.Learning.Data;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Learning.Features.Indicators;

/// <summary>
/// Applies the SPC rules to every indicator and raises each new signal once: stored, and published as
/// <see cref="IndicatorSignalRaised"/> through the outbox in the same transaction.
/// </summary>
public sealed class IndicatorEvaluator(LearningDbContext db, IndicatorCharts charts, TimeProvider clock, ILogger<IndicatorEvaluator> logger)
{
    public async Task<IReadOnlyList<IndicatorSignalRaised>> EvaluateAsync(CancellationToken ct)
    {
        var raised = new List<IndicatorSignalRaised>();
        var known = (await db.IndicatorSignals.AsNoTracking().Select(s => new { s.IndicatorId, s.Period, s.PeriodStart, s.Rule }).ToListAsync(ct))
            .Select(s => (s.IndicatorId, s.Period, s.PeriodStart, s.Rule)).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var chart in await charts.BuildAsync(ct))
        {
            var period = chart.Period.ToString().ToLowerInvariant();
            foreach (var signal in chart.Chart.Signals)
            {
                if (!known.Add((chart.Definition.Id, period, signal.PeriodStart, signal.Rule))) continue;
                var value = chart.Chart.Points.Single(p => p.PeriodStart == signal.PeriodStart).Value;
                db.IndicatorSignals.Add(new IndicatorSignal
                {
                    IndicatorId = chart.Definition.Id, Period = period, PeriodStart = signal.PeriodStart, Rule = signal.Rule, Value = value, RaisedAt = now,
                });
                var message = new IndicatorSignalRaised(chart.Definition.Id, period, signal.PeriodStart, signal.Rule, value, chart.Target, now);
                db.Publish(message, clock);
                raised.Add(message);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var signal in raised)
            logger.LogInformation("Indicator {Indicator} ({Period}) raised {Rule} for {PeriodStart}", signal.IndicatorId, signal.Period, signal.Rule, signal.PeriodStart);
        return raised;
    }
}


public static class EvaluateIndicators
{
    public static IEndpointRouteBuilder MapEvaluateIndicators(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/learning/indicators/evaluate", async (IndicatorEvaluator evaluator, CancellationToken ct) =>
                TypedResults.Ok(await evaluator.EvaluateAsync(ct)))
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Indicators")
            .WithName("EvaluateIndicators")
            .WithSummary("Apply the SPC rules now (they also run on a schedule); returns the signals raised for the first time.");
        return app;
    }
}

/// <summary>Evaluates the indicators on a schedule (Learning:Indicators:EvaluationInterval, hourly by default).</summary>
public sealed class IndicatorSchedule(IServiceScopeFactory scopes, IOptions<IndicatorOptions> options, TimeProvider clock, ILogger<IndicatorSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IndicatorEvaluator>().EvaluateAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Evaluating the indicators failed; trying again at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { /* stopping */ }
    }
}

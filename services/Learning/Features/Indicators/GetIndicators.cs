using MhAll.Learning.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MhAll.Learning.Features.Indicators;

/// <summary>
/// Every indicator's weekly and monthly p-chart, target and signals, all drawn from the disclosure-controlled counts
/// (see <see cref="IndicatorCharts"/>): a suppressed period shows its rounded registrants only, and no line or signal uses it.
/// </summary>
public static class GetIndicators
{
    public sealed record Point(DateOnly PeriodStart, double? Value, int? Registrants, double? Lower, double? Upper, bool Suppressed);
    /// <param name="Edition">The edition of the figures counted and targeted against: imd-2025, imd-2019 or census-2021.</param>
    public sealed record Chart(string Id, string Title, string Period, double? Target, double Centre, double Median,
        IReadOnlyList<Point> Points, IReadOnlyList<SpcSignal> Signals, string Edition);

    public static IEndpointRouteBuilder MapGetIndicators(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/learning/indicators", async (IndicatorCharts charts, CancellationToken ct) =>
                TypedResults.Ok((await charts.BuildAsync(ct)).Select(ToResponse).ToList()))
            .RequireAuthorization(Policies.Insights)
            .RequireScope(PartnerScopes.IndicatorsRead)
            .WithTags("Indicators")
            .WithName("GetIndicators")
            .WithSummary("Indicators with targets as weekly and monthly p-charts (centre, limits, median) and their signals.");
        return app;
    }

    private static Chart ToResponse(IndicatorChart chart)
    {
        var charted = chart.Chart.Points.ToDictionary(p => p.PeriodStart);
        return new(chart.Definition.Id, chart.Definition.Title, chart.Period.ToString().ToLowerInvariant(),
            chart.Target, chart.Chart.Centre, chart.Chart.Median,
            chart.Periods.Select(p => charted.TryGetValue(p.PeriodStart, out var point)
                ? new Point(p.PeriodStart, point.Value, p.Registrants, point.Lower, point.Upper, false)
                : new Point(p.PeriodStart, null, p.Registrants, null, null, true)).ToList(),
            chart.Chart.Signals, chart.Definition.Edition);
    }
}

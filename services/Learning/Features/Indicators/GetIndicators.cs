using MhAll.Learning.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MhAll.Learning.Features.Indicators;

/// <summary>Every indicator's weekly and monthly p-chart, target and signals; small counts hidden as everywhere else.</summary>
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
            .WithTags("Indicators")
            .WithName("GetIndicators")
            .WithSummary("Indicators with targets as weekly and monthly p-charts (centre, limits, median) and their signals.");
        return app;
    }

    private static Chart ToResponse(IndicatorChart chart) => new(chart.Definition.Id, chart.Definition.Title, chart.Period.ToString().ToLowerInvariant(),
        chart.Target, chart.Chart.Centre, chart.Chart.Median,
        chart.Chart.Points.Select(p =>
        {
            // A share whose numerator or remainder is 1-7 people would show them: hide it. Limits depend on the
            // period's exact number of registrants, so they are published from the rounded number.
            var hide = DisclosureControl.IsSmall(p.Numerator) || DisclosureControl.IsSmall(p.Denominator - p.Numerator);
            if (hide) return new Point(p.PeriodStart, null, null, null, null, true);
            var registrants = DisclosureControl.Round(p.Denominator);
            var sigma = Math.Sqrt(chart.Chart.Centre * (1 - chart.Chart.Centre) / registrants);
            return new Point(p.PeriodStart, p.Value, registrants, Math.Max(0, chart.Chart.Centre - 3 * sigma), Math.Min(1, chart.Chart.Centre + 3 * sigma), false);
        }).ToList(),
        chart.Chart.Signals, chart.Definition.Edition);
}

using MhAll.Learning.Data;
using MhAll.Learning.Domain;
using MhAll.Learning.Features.Representation;
using MhAll.ServiceDefaults.Disclosure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Learning.Features.Indicators;

public enum PeriodKind { Weekly, Monthly }

/// <summary>One period as published: registrants in the groups and all registrants (values stated), each rounded or hidden.</summary>
public sealed record PublishedPeriod(DateOnly PeriodStart, int? InGroups, int? Registrants)
{
    public bool Suppressed => InGroups is null;
}

/// <summary>
/// An indicator's p-chart over recent weeks or months, with its target. The chart is drawn from the published
/// periods alone (rounded counts, suppressed periods left out), so its value, centre, median, limits and signals say
/// nothing that the published counts do not.
/// </summary>
public sealed record IndicatorChart(IndicatorDefinition Definition, PeriodKind Period, double? Target, IReadOnlyList<PublishedPeriod> Periods, SpcChart Chart);

/// <summary>Builds each indicator's weekly and monthly series from the registrations (or course places) Learning holds.</summary>
public sealed class IndicatorCharts(LearningDbContext db, IOptions<IndicatorOptions> options, TimeProvider clock)
{
    public IReadOnlyList<IndicatorDefinition> Definitions => options.Value.Definitions;

    public async Task<IReadOnlyList<IndicatorChart>> BuildAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var firstWeek = WeekStart(today).AddDays(-7 * (settings.Weeks - 1));
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-(settings.Months - 1));
        var from = new DateTimeOffset((firstWeek < firstMonth ? firstWeek : firstMonth).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var charts = new List<IndicatorChart>();
        foreach (var definition in settings.Definitions)
        {
            var edition = definition.ImdEdition ?? Dimensions.Imd2025Edition;
            var registrations = await ValuesSinceAsync(definition.Dimension, edition, from, ct);
            var target = definition.TargetShare
                ?? (await GetRepresentation.PopulationSharesAsync(db, definition.PopulationDimension, null, edition, ct))
                    .Where(s => definition.Groups.Contains(s.Key)).Sum(s => s.Value);
            charts.Add(Chart(definition, PeriodKind.Weekly, target,
                Series(registrations, definition, Enumerable.Range(0, settings.Weeks).Select(i => firstWeek.AddDays(7 * i)), WeekStart)));
            charts.Add(Chart(definition, PeriodKind.Monthly, target,
                Series(registrations, definition, Enumerable.Range(0, settings.Months).Select(i => firstMonth.AddMonths(i)), d => new DateOnly(d.Year, d.Month, 1))));
        }
        return charts;
    }

    /// <summary>
    /// Each period's registrants in and out of the groups are one table under disclosure control: a period whose
    /// in or out count is 1-7 is suppressed (with secondary suppression as everywhere), the others are charted from
    /// their rounded counts. Empty periods are true zeros and have no point.
    /// </summary>
    private static IndicatorChart Chart(IndicatorDefinition definition, PeriodKind period, double? target, List<(DateOnly Start, int In, int All)> series)
    {
        var published = series.Where(p => p.All > 0).Select(p =>
        {
            var table = DisclosureControl.Protect([("in", p.In), ("out", p.All - p.In)]);
            var suppressed = table.Cells.Any(c => c.Count is null);
            return new PublishedPeriod(p.Start, suppressed ? null : table.Cells[0].Count, table.Total);
        }).ToList();
        var charted = published.Where(p => !p.Suppressed && p.Registrants > 0).Select(p => (p.PeriodStart, p.InGroups!.Value, p.Registrants!.Value)).ToList();
        return new IndicatorChart(definition, period, target, published, Spc.PChart(charted));
    }

    /// <summary>Numerator and denominator per period: registrants in the groups, among those whose value is stated.</summary>
    private static List<(DateOnly, int, int)> Series(List<(DateOnly Day, string? Value)> registrations, IndicatorDefinition definition,
        IEnumerable<DateOnly> periods, Func<DateOnly, DateOnly> periodOf)
    {
        var stated = registrations.Where(r => r.Value is not null && r.Value != "prefer-not-to-say")
            .GroupBy(r => periodOf(r.Day))
            .ToDictionary(g => g.Key, g => (In: g.Count(r => definition.Groups.Contains(r.Value)), All: g.Count()));
        return periods.Select(p => stated.TryGetValue(p, out var c) ? (p, c.In, c.All) : (p, 0, 0)).ToList();
    }

    private async Task<List<(DateOnly Day, string? Value)>> ValuesSinceAsync(string dimension, int imdEdition, DateTimeOffset from, CancellationToken ct)
    {
        if (dimension == IndicatorDefinition.CoursePlaces)
            return (await db.CoursePlaces.AsNoTracking().Where(p => p.TakenAt >= from).Select(p => new { p.TakenAt, p.UnderServed }).ToListAsync(ct))
                .Select(p => (DateOnly.FromDateTime(p.TakenAt.UtcDateTime), (string?)(p.UnderServed ? "under-served" : "other"))).ToList();
        if (dimension == IndicatorDefinition.PanelFeedback)
            return (await db.PanelFeedbackAnswers.AsNoTracking().Where(f => f.AnsweredAt >= from).Select(f => new { f.AnsweredAt, f.WasOverdue }).ToListAsync(ct))
                .Select(f => (DateOnly.FromDateTime(f.AnsweredAt.UtcDateTime), (string?)(f.WasOverdue ? "overdue" : "in-time"))).ToList();
        if (dimension == IndicatorDefinition.PanelInvolvements)
        {
            // Each involvement in the categories its member joined with; one whose member has not arrived yet counts as not stated.
            var since = DateOnly.FromDateTime(from.UtcDateTime);
            return (await db.PanelInvolvements.AsNoTracking().Where(i => i.ActivityDate >= since)
                .Select(i => new { i.ActivityDate, EthnicGroup = db.PanelMembers.Where(m => m.MemberId == i.MemberId).Select(m => m.EthnicGroup).FirstOrDefault() })
                .ToListAsync(ct)).Select(i => (i.ActivityDate, i.EthnicGroup)).ToList();
        }
        var recent = db.RegisteredVolunteers.AsNoTracking().Where(v => v.RegisteredAt >= from);
        var rows = dimension switch
        {
            "ethnic-group" => await recent.Select(v => new { v.RegisteredAt, Value = v.EthnicGroup }).ToListAsync(ct),
            "age-band" => await recent.Select(v => new { v.RegisteredAt, Value = (string?)v.AgeBand }).ToListAsync(ct),
            "sex" => await recent.Select(v => new { v.RegisteredAt, Value = v.Sex }).ToListAsync(ct),
            "imd-decile" => (await recent.Select(v => new { v.RegisteredAt, Decile = imdEdition == Dimensions.Imd2019Edition ? v.ImdDecile : v.Imd2025Decile })
                    .ToListAsync(ct))
                .Select(v => new { v.RegisteredAt, Value = v.Decile?.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList(),
            _ => throw new InvalidOperationException($"Indicator dimension '{dimension}' is not counted."),
        };
        return rows.Select(r => (DateOnly.FromDateTime(r.RegisteredAt.UtcDateTime), r.Value)).ToList();
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)); // Monday
}

using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>
/// Where the programme has research champions: per organisation or per ICB, how many organisations have an active
/// champion, how many active champions there are, and champions per 1,000 staff (organisation headcounts). Champion
/// counts are one table, disclosure-controlled (1–7 hidden, rounded to 5, secondary suppression), and each rate is
/// worked out from the published count only; programme staff may ask for raw figures, each such read in the audit trail.
/// </summary>
public static class ChampionCoverage
{
    public const string ByOrganisation = "organisation";
    public const string ByIcb = "icb";

    /// <param name="Key">The organisation's id, or the ICB's code.</param>
    /// <param name="Staff">Staff employed, from headcounts; null unless every organisation counted gives one.</param>
    public sealed record Row(string Key, string? Name, string? IcbCode, int Organisations, int OrganisationsWithChampion, int? Champions,
        Suppression Suppression, int? Staff, double? ChampionsPer1000Staff);

    public sealed record Response(string By, bool Protected, int? Champions, Suppression TotalSuppression, IReadOnlyList<Row> Rows);

    public static IEndpointRouteBuilder MapChampionCoverage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/champions/coverage", HandleAsync)
            .RequireAuthorization(Policies.Insights)
            .WithTags("Champions")
            .WithName("GetChampionCoverage")
            .WithSummary("Champion coverage ?by=organisation or icb: organisations with an active champion, champions and champions per 1,000 staff; disclosure-controlled unless raw=true (coordinators, audited).");
        return app;
    }

    private sealed record Unit(string Key, string? Name, string? IcbCode, List<Organisation> Organisations);

    private static async Task<Results<Ok<Response>, ValidationProblem, ForbidHttpResult>> HandleAsync(HttpContext http, TrainingDbContext db,
        TimeProvider clock, CancellationToken ct, string by = ByOrganisation, bool raw = false)
    {
        if (by is not (ByOrganisation or ByIcb))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [$"Choose {ByOrganisation} or {ByIcb}."] });
        if (raw && !http.User.IsInRole(Roles.Coordinator)) return TypedResults.Forbid();

        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Id).ToListAsync(ct);
        var active = await db.Champions.AsNoTracking().Where(c => c.Status == ChampionStatuses.Active)
            .GroupBy(c => c.OrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var units = by == ByOrganisation
            ? organisations.Select(o => new Unit(o.Id.ToString(), o.Name, o.IcbCode, [o])).ToList()
            : organisations.Where(o => o.IcbCode is not null).GroupBy(o => o.IcbCode!).OrderBy(g => g.Key)
                .Select(g => new Unit(g.Key, null, g.Key, [.. g])).ToList();
        var cells = units.Select(u => (u.Key, u.Organisations.Sum(o => active.GetValueOrDefault(o.Id)))).ToList();

        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"champion-coverage by={by}");
            await db.SaveChangesAsync(ct);
        }
        var table = DisclosureControl.Publish(cells, raw);
        var rows = units.Zip(table.Cells, (unit, cell) =>
        {
            int? staff = unit.Organisations.All(o => o.Headcount is not null) ? unit.Organisations.Sum(o => o.Headcount!.Value) : null;
            double? rate = cell.Count is { } count && staff is > 0 ? Math.Round(count * 1000.0 / staff.Value, 2) : null;
            return new Row(unit.Key, unit.Name, unit.IcbCode, unit.Organisations.Count, unit.Organisations.Count(o => active.ContainsKey(o.Id)),
                cell.Count, cell.Suppression, staff, rate);
        }).ToList();
        return TypedResults.Ok(new Response(by, !raw, table.Total, table.TotalSuppression, rows));
    }
}

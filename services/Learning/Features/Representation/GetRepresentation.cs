using System.Globalization;
using System.Security.Claims;
using System.Text;
using MhAll.Learning.Data;
using MhAll.Learning.Domain;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Features.Representation;

/// <summary>
/// Who the programme reaches against who lives there: for an area (the whole programme, a local authority or an
/// ICB) and a dimension, each group's count and share, its population share, the representation ratio with a 95%
/// Wilson interval, and a flag when even the upper bound is below the threshold. Disclosure-controlled by default;
/// raw counts for coordinators only, each such request in the audit trail (with the <c>reason</c> given). A study's
/// invited or enrolled people are shown to its team and coordinators only. JSON, or CSV with <c>format=csv</c>. The IMD
/// dimensions are in the IMD 2025 edition unless <c>imdEdition=2019</c>; the edition is named in both.
/// </summary>
public static class GetRepresentation
{
    public const string Programme = "programme";
    public const string Registered = "registered";
    public const string Invited = "invited";
    public const string Enrolled = "enrolled";
    /// <summary>Research Panel members now (joined, not left), from Panel's events.</summary>
    public const string PanelMembers = "panel-members";

    /// <summary>A dimension: its groups in order, how a volunteer falls into one, and its population baseline.</summary>
    private sealed record Dimension(string Name, string BaselineDimension, string[] Groups, Func<string, string?> GroupOfBaseline);

    private static readonly string[] EthnicGroups =
    [
        "asian-bangladeshi", "asian-chinese", "asian-indian", "asian-pakistani", "asian-other",
        "black-african", "black-caribbean", "black-other",
        "mixed-white-asian", "mixed-white-black-african", "mixed-white-black-caribbean", "mixed-other",
        "white-british", "white-irish", "white-gypsy-irish-traveller", "white-roma", "white-other",
        "other-arab", "other-any",
    ];
    private static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];

    /// <summary>The five broad groups are the first word of the 19 category codes.</summary>
    private static string BroadGroup(string code) => code.Split('-')[0];
    private static string Quintile(string decile) => ((int.Parse(decile, CultureInfo.InvariantCulture) + 1) / 2).ToString(CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, Dimension> DimensionsByName = new Dimension[]
    {
        new("ethnic-group", Dimensions.EthnicGroup, EthnicGroups, g => g),
        new("ethnic-group-broad", Dimensions.EthnicGroup, ["asian", "black", "mixed", "white", "other"], BroadGroup),
        new("age-band", Dimensions.SexAge, AgeBands, g => g.Split(':')[1]),
        new("sex", Dimensions.SexAge, ["female", "male"], g => g.Split(':')[0]),
        new("imd-decile", Dimensions.ImdDecile, Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(), g => g),
        new("imd-quintile", Dimensions.ImdDecile, Enumerable.Range(1, 5).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(), Quintile),
    }.ToDictionary(d => d.Name);

    public sealed record Area(string Code, string Name, string Kind);
    public sealed record Baseline(string Edition, string Source, DateOnly EffectiveFrom);
    public sealed record Group(string Name, int? Count, string Suppression, double? Share, double PopulationShare,
        double? Ratio, double? RatioLow, double? RatioHigh, bool? UnderRepresented);
    /// <param name="ImdEdition">2025 or 2019 for the IMD dimensions; null for the others.</param>
    public sealed record Response(Area Area, string Dimension, string Population, Guid? Study, string? Month, bool Protected, int? Total, int? NotStated,
        Baseline Baseline, IReadOnlyList<Group> Groups, int? ImdEdition);

    public static IEndpointRouteBuilder MapGetRepresentation(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/learning/representation", HandleAsync)
            .RequireAuthorization(Policies.Insights)
            .WithTags("Representation")
            .WithName("GetRepresentation")
            .WithSummary("Representation of a population against the local population, disclosure-controlled unless raw=true (coordinators); a study's population for its team and coordinators only.");
        return app;
    }

    private static async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem, ForbidHttpResult, NotFound>> HandleAsync(
        LearningDbContext db, HttpContext http, IConfiguration configuration, TimeProvider clock, CancellationToken ct,
        string dimension = "ethnic-group", string area = Programme, string population = Registered, Guid? study = null, string? month = null,
        bool raw = false, string format = "json", int imdEdition = Dimensions.Imd2025Edition, string? reason = null)
    {
        var errors = new ValidationErrors().MaxLength("reason", reason, AuditTrail.ReasonMaxLength);
        if (!DimensionsByName.TryGetValue(dimension, out var dim))
            errors.Add("dimension", $"Choose one of: {string.Join(", ", DimensionsByName.Keys)}.");
        if (imdEdition is not (Dimensions.Imd2025Edition or Dimensions.Imd2019Edition))
            errors.Add("imdEdition", "Choose 2025 (the default) or 2019.");
        int? edition = IsImd(dimension) ? imdEdition : null;
        if (population is not (Registered or Invited or Enrolled or PanelMembers))
            errors.Add("population", "Choose registered (the register now), invited or enrolled (with a study), or panel-members.");
        else if (population == PanelMembers && IsImd(dimension))
            errors.Add("dimension", "Panel members state no home area finer than the local authority: choose ethnic-group, ethnic-group-broad, age-band or sex.");
        else if (population == PanelMembers && study is not null)
            errors.Add("study", "Panel members are not counted per study: leave it out.");
        else if (population is Invited or Enrolled && study is null)
            errors.Add("study", "Name the study (its id) whose invited or enrolled people to show.");
        DateOnly? monthStart = null;
        if (month is not null)
        {
            if (population != Registered) errors.Add("month", "A month applies to registrations: leave it out for a study's population.");
            else if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                errors.Add("month", "A month like 2026-11.");
            // No one registers in a month to come (and the month after 9999-12 is no date at all).
            else if (start > clock.Today()) errors.Add("month", "A month that has begun: registrations are counted as they happen.");
            else monthStart = start;
        }
        if (format is not ("json" or "csv")) errors.Add("format", "Choose json or csv.");
        // Each local authority with the ICB it belongs to today (ICBs merge: the latest membership already in force).
        var today = clock.Today();
        var authorities = (await db.LocalAuthorities.AsNoTracking().Where(a => a.EffectiveFrom <= today).ToListAsync(ct))
            .GroupBy(a => a.Code).Select(g => g.MaxBy(a => a.EffectiveFrom)!).ToList();
        var inArea = area == Programme ? authorities : authorities.Where(a => a.Code == area || a.IcbCode == area).ToList();
        if (inArea.Count == 0) errors.Add("area", "Use 'programme', or the ONS code of one of the programme's local authorities or ICBs.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (raw && !http.User.IsInRole(Roles.Coordinator)) return TypedResults.Forbid();
        // Someone else's study is answered as not found, like one that does not exist: its existence is not given away.
        if (population is Invited or Enrolled && !await SeesStudyAsync(db, http.User, study!.Value, ct)) return TypedResults.NotFound();

        var areaCodes = inArea.Select(a => a.Code).ToArray();
        if (edition is { } e) dim = dim! with { BaselineDimension = Dimensions.ImdDecileOf(e) };
        var baselines = await db.PopulationBaselines.AsNoTracking()
            .Where(b => b.Dimension == dim!.BaselineDimension && areaCodes.Contains(b.AreaCode))
            .ToListAsync(ct);
        var populationByGroup = baselines.GroupBy(b => dim!.GroupOfBaseline(b.Group)).ToDictionary(g => g.Key ?? "", g => g.Sum(b => (long)b.Residents));
        var populationTotal = dim!.Groups.Sum(g => populationByGroup.GetValueOrDefault(g));

        var counts = population == PanelMembers
            ? await CountPanelAsync(db, dim.Name, area == Programme ? null : areaCodes, ct)
            : population != Registered
            ? await CountStudyAsync(db, dim.Name, edition, study!.Value, population == Enrolled, area == Programme ? null : areaCodes, ct)
            : monthStart is { } from
                ? await CountMonthAsync(db, dim.Name, edition, from, area == Programme ? null : areaCodes, ct)
                : await CountAsync(db, dim.Name, edition, area == Programme ? null : areaCodes, ct);
        var cells = dim.Groups.Select(g => (g, counts.GetValueOrDefault(g))).ToList();
        var notStated = counts.Where(c => !dim.Groups.Contains(c.Key)).Sum(c => c.Value);

        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"representation {http.Request.QueryString.Value}", reason);
            await db.SaveChangesAsync(ct);
        }
        var table = DisclosureControl.Publish(cells, raw);
        var threshold = configuration.GetValue("Learning:UnderRepresentationThreshold", 0.8);
        var groups = table.Cells.Select(cell =>
        {
            var populationShare = populationTotal == 0 ? 0 : populationByGroup.GetValueOrDefault(cell.Group) / (double)populationTotal;
            if (cell.Count is not { } count || table.Total is not { } total || total == 0 || populationShare == 0)
                return new Group(cell.Group, cell.Count, Describe(cell.Suppression), null, populationShare, null, null, null, null);
            var (ratio, interval) = Domain.Representation.Ratio(count, total, populationShare);
            return new Group(cell.Group, count, Describe(cell.Suppression), (double)count / total, populationShare,
                ratio, interval.Low, interval.High, Domain.Representation.IsUnderRepresented(interval, threshold));
        }).ToList();

        var baseline = baselines.FirstOrDefault();
        var response = new Response(
            area == Programme ? new Area(Programme, "East London and Essex", Programme)
                : inArea.Count == 1 && inArea[0].Code == area ? new Area(area, inArea[0].Name, "local-authority")
                : new Area(area, inArea[0].IcbName, "icb"),
            dim.Name, population, population is Invited or Enrolled ? study : null, monthStart is null ? null : month, !raw, table.Total,
            raw ? notStated : DisclosureControl.Publish(notStated),
            new Baseline(baseline?.Edition ?? "", baseline?.Source ?? "", baseline?.EffectiveFrom ?? default),
            groups, edition);
        if (format == "csv")
            return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(response)), "text/csv", $"representation-{area}-{dim.Name}.csv");
        return TypedResults.Ok(response);
    }

    /// <summary>Programme staff see every study's figures; a researcher those of the studies whose team they are on.</summary>
    private static async Task<bool> SeesStudyAsync(LearningDbContext db, ClaimsPrincipal user, Guid study, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Coordinator)) return true;
        if (!user.IsInRole(Roles.Researcher)) return false;
        var subject = user.SubjectId();
        return await db.StudyTeams.AsNoTracking().AnyAsync(t => t.StudyId == study && t.OwnerSubjectId == subject, ct);
    }

    /// <summary>Each group's share of the population of a dimension in some local authorities (all when null).</summary>
    public static async Task<Dictionary<string, double>> PopulationSharesAsync(LearningDbContext db, string dimension, string[]? areaCodes,
        int imdEdition, CancellationToken ct)
    {
        var dim = DimensionsByName[dimension];
        if (IsImd(dimension)) dim = dim with { BaselineDimension = Dimensions.ImdDecileOf(imdEdition) };
        var baselines = db.PopulationBaselines.AsNoTracking().Where(b => b.Dimension == dim.BaselineDimension);
        if (areaCodes is not null) baselines = baselines.Where(b => areaCodes.Contains(b.AreaCode));
        var byGroup = (await baselines.ToListAsync(ct)).GroupBy(b => dim.GroupOfBaseline(b.Group)).ToDictionary(g => g.Key ?? "", g => g.Sum(b => (long)b.Residents));
        var total = dim.Groups.Sum(g => byGroup.GetValueOrDefault(g));
        return dim.Groups.ToDictionary(g => g, g => total == 0 ? 0 : byGroup.GetValueOrDefault(g) / (double)total);
    }

    public static string Describe(Suppression suppression) => suppression switch
    {
        Suppression.Small => "small-count",
        Suppression.Secondary => "secondary",
        _ => "none",
    };

    /// <summary>
    /// Registered volunteers per group of a dimension, optionally in some local authorities, from the sharded counts
    /// the consumers keep (a few hundred rows at most, whatever the size of the register).
    /// </summary>
    private static async Task<Dictionary<string, int>> CountAsync(LearningDbContext db, string dimension, int? edition, string[]? areaCodes,
        CancellationToken ct)
    {
        var counted = Counted(dimension, edition);
        var rows = db.RegistrationCounts.AsNoTracking().Where(c => c.Dimension == counted);
        if (areaCodes is not null) rows = rows.Where(c => areaCodes.Contains(c.AreaCode));
        var fine = await rows.GroupBy(c => c.Group).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        return Coarsen(dimension, fine.Select(f => (f.Key, f.Count)));
    }

    /// <summary>
    /// A study's invited (or enrolled) people per group, optionally in some local authorities. Studies invite
    /// hundreds or thousands, not millions, so their rows are counted directly.
    /// </summary>
    private static async Task<Dictionary<string, int>> CountStudyAsync(LearningDbContext db, string dimension, int? edition, Guid study,
        bool enrolledOnly, string[]? areaCodes, CancellationToken ct)
    {
        var rows = db.StudyParticipants.AsNoTracking().Where(p => p.StudyId == study && p.InvitedAt != null);
        if (enrolledOnly) rows = rows.Where(p => p.EnrolledAt != null);
        if (areaCodes is not null) rows = rows.Where(p => areaCodes.Contains(p.LocalAuthorityCode!));
        var people = await rows.Select(p => new { p.EthnicGroup, p.AgeBand, p.Sex, p.ImdDecile, p.Imd2025Decile }).ToListAsync(ct);
        var counted = Counted(dimension, edition);
        var fine = people.Select(p => counted switch
            {
                Dimensions.EthnicGroup => p.EthnicGroup,
                Dimensions.ImdDecile => p.ImdDecile?.ToString(CultureInfo.InvariantCulture),
                Dimensions.Imd2025Decile => p.Imd2025Decile?.ToString(CultureInfo.InvariantCulture),
                "sex" => p.Sex,
                _ => p.AgeBand,
            } ?? Consumers.RegistrationCounts.NotStated)
            .GroupBy(g => g).Select(g => (g.Key, g.Count()));
        return Coarsen(dimension, fine);
    }

    /// <summary>
    /// Panel members now (joined and not left) per group, optionally in some local authorities. The Panel is tens or
    /// hundreds of people: counted directly, then through the same disclosure control as everything else.
    /// </summary>
    private static async Task<Dictionary<string, int>> CountPanelAsync(LearningDbContext db, string dimension, string[]? areaCodes, CancellationToken ct)
    {
        var rows = db.PanelMembers.AsNoTracking().Where(m => m.JoinedAt != null && m.LeftAt == null);
        if (areaCodes is not null) rows = rows.Where(m => areaCodes.Contains(m.LocalAuthorityCode!));
        var members = await rows.Select(m => new { m.EthnicGroup, m.AgeBand, m.Sex }).ToListAsync(ct);
        var fine = members.Select(m => Counted(dimension, null) switch
            {
                Dimensions.EthnicGroup => m.EthnicGroup,
                "sex" => m.Sex,
                _ => m.AgeBand,
            } ?? Consumers.RegistrationCounts.NotStated)
            .GroupBy(g => g).Select(g => (g.Key, g.Count()));
        return Coarsen(dimension, fine);
    }

    /// <summary>
    /// Those who registered in one month (whether or not they are still on the register: the history of
    /// registrations, as the indicators count it), by an index range on the registration time.
    /// </summary>
    private static async Task<Dictionary<string, int>> CountMonthAsync(LearningDbContext db, string dimension, int? edition, DateOnly month,
        string[]? areaCodes, CancellationToken ct)
    {
        var from = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = db.RegisteredVolunteers.AsNoTracking().Where(v => v.RegisteredAt >= from && v.RegisteredAt < from.AddMonths(1));
        if (areaCodes is not null) rows = rows.Where(v => areaCodes.Contains(v.LocalAuthorityCode!));
        var counted = Counted(dimension, edition);
        var fine = counted switch
        {
            Dimensions.EthnicGroup => await rows.GroupBy(v => v.EthnicGroup).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct),
            Dimensions.ImdDecile => (await rows.GroupBy(v => v.ImdDecile).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(g => new { Key = g.Key?.ToString(CultureInfo.InvariantCulture), g.Count }).ToList(),
            Dimensions.Imd2025Decile => (await rows.GroupBy(v => v.Imd2025Decile).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(g => new { Key = g.Key?.ToString(CultureInfo.InvariantCulture), g.Count }).ToList(),
            "sex" => await rows.GroupBy(v => v.Sex).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct),
            _ => await rows.GroupBy(v => v.AgeBand).Select(g => new { Key = (string?)g.Key, Count = g.Count() }).ToListAsync(ct),
        };
        return Coarsen(dimension, fine.Select(f => (f.Key ?? Consumers.RegistrationCounts.NotStated, f.Count)));
    }

    /// <summary>The dimension the read model counts, of which the asked one may be a coarsening.</summary>
    private static string Counted(string dimension, int? imdEdition) => dimension switch
    {
        "ethnic-group" or "ethnic-group-broad" => Dimensions.EthnicGroup,
        "imd-decile" or "imd-quintile" => Dimensions.ImdDecileOf(imdEdition ?? Dimensions.Imd2025Edition),
        _ => dimension,
    };

    private static bool IsImd(string dimension) => dimension is "imd-decile" or "imd-quintile";

    private static Dictionary<string, int> Coarsen(string dimension, IEnumerable<(string Group, int Count)> fine)
    {
        Func<string, string> coarse = dimension switch
        {
            "ethnic-group-broad" => g => g.Contains('-') && g != "prefer-not-to-say" && g != "not-stated" ? BroadGroup(g) : g,
            "imd-quintile" => g => int.TryParse(g, CultureInfo.InvariantCulture, out _) ? Quintile(g) : g,
            _ => g => g,
        };
        return fine.GroupBy(f => coarse(f.Group)).ToDictionary(g => g.Key, g => g.Sum(f => f.Count));
    }

    private static string ToCsv(Response r)
    {
        static string N(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
        var csv = new StringBuilder("area,dimension,population,study,month,protected,group,count,suppression,share,population_share,ratio,ratio_low,ratio_high,under_represented,imd_edition,baseline_edition\n");
        foreach (var g in r.Groups)
            csv.Append(CultureInfo.InvariantCulture,
                $"{r.Area.Code},{r.Dimension},{r.Population},{r.Study},{r.Month},{r.Protected},{g.Name},{g.Count},{g.Suppression},{N(g.Share)},{N(g.PopulationShare)},{N(g.Ratio)},{N(g.RatioLow)},{N(g.RatioHigh)},{g.UnderRepresented},{r.ImdEdition},{r.Baseline.Edition}\n");
        return csv.ToString();
    }
}

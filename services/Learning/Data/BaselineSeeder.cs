using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Data;

/// <summary>
/// Loads the population baselines shipped in ReferenceData/ (see its README for sources and editions) into the
/// database, once per edition: a seeding step of the migration, safe to run again.
/// </summary>
public static class BaselineSeeder
{
    public const string Census2021 = "census-2021";
    public const string Imd2019 = "imd-2019";
    public const string Imd2025 = "imd-2025";
    private static readonly DateOnly CensusDay = new(2021, 3, 21);
    private static readonly DateOnly Imd2019Published = new(2019, 9, 26);
    private static readonly DateOnly Imd2025Published = new(2025, 10, 30);

    public static async Task SeedAsync(LearningDbContext db, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "ReferenceData");
        // ICB memberships are added as they change (e.g. NHS Essex ICB from 1 April 2026), never rewritten.
        var memberships = (await db.LocalAuthorities.Select(a => new { a.Code, a.EffectiveFrom }).ToListAsync(cancellationToken))
            .Select(a => (a.Code, a.EffectiveFrom)).ToHashSet();
        db.LocalAuthorities.AddRange(Read(folder, "local_authorities.csv")
            .Select(r => new LocalAuthority
            {
                Code = r[0], Name = r[1], IcbCode = r[2], IcbName = r[3], EffectiveFrom = DateOnly.Parse(r[4], CultureInfo.InvariantCulture),
            })
            .Where(a => !memberships.Contains((a.Code, a.EffectiveFrom))));
        if (!await db.PopulationBaselines.AnyAsync(b => b.Edition == Census2021, cancellationToken))
        {
            const string ethnicity = "ONS Census 2021, TS021 ethnic group (usual residents, all ages)";
            const string sexAge = "ONS Census 2021, TS009 sex by 5-year age band (18-19 taken as 2/5 of 15-19)";
            db.PopulationBaselines.AddRange(Read(folder, "census2021_ethnic_group.csv").Select(r =>
                Baseline(Census2021, Dimensions.EthnicGroup, r[0], r[1], r[2], ethnicity, CensusDay)));
            db.PopulationBaselines.AddRange(Read(folder, "census2021_adults_sex_age.csv").Select(r =>
                Baseline(Census2021, Dimensions.SexAge, r[0], $"{r[1]}:{r[2]}", r[3], sexAge, CensusDay)));
        }
        if (!await db.PopulationBaselines.AnyAsync(b => b.Edition == Imd2019, cancellationToken))
        {
            const string imd = "MHCLG English Indices of Deprivation 2019, LSOA 2011 deciles with mid-2015 population aged 16+";
            db.PopulationBaselines.AddRange(Read(folder, "imd2019_population_by_decile.csv").Select(r =>
                Baseline(Imd2019, Dimensions.ImdDecile, r[0], r[1], r[3], imd, Imd2019Published)));
        }
        if (!await db.PopulationBaselines.AnyAsync(b => b.Edition == Imd2025, cancellationToken))
        {
            const string imd = "MHCLG English Indices of Deprivation 2025, LSOA 2021 deciles with Census 2021 usual residents (all ages)";
            db.PopulationBaselines.AddRange(Read(folder, "imd2025_population_by_decile.csv").Select(r =>
                Baseline(Imd2025, Dimensions.Imd2025Decile, r[0], r[1], r[2], imd, Imd2025Published)));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static PopulationBaseline Baseline(string edition, string dimension, string area, string group, string residents, string source, DateOnly from) =>
        new()
        {
            Edition = edition, Dimension = dimension, AreaCode = area, Group = group,
            Residents = int.Parse(residents, CultureInfo.InvariantCulture), Source = source, EffectiveFrom = from,
        };

    private static IEnumerable<string[]> Read(string folder, string file) =>
        File.ReadLines(Path.Combine(folder, file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
}

/// <summary>The dimensions baselines are stored by.</summary>
public static class Dimensions
{
    public const string EthnicGroup = "ethnic-group";
    public const string SexAge = "sex-age";
    /// <summary>IMD 2019 deciles (the name predates IMD 2025).</summary>
    public const string ImdDecile = "imd-decile";
    public const string Imd2025Decile = "imd2025-decile";

    /// <summary>The 2019 and 2025 editions of the Indices of Deprivation; 2025 unless 2019 is asked for.</summary>
    public const int Imd2019Edition = 2019;
    public const int Imd2025Edition = 2025;

    public static string ImdDecileOf(int edition) => edition == Imd2019Edition ? ImdDecile : Imd2025Decile;
}

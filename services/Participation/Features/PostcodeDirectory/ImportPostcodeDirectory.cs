using System.Globalization;
using MhAll.Participation.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Features.PostcodeDirectory;

/// <summary>
/// Operator command: replaces the shipped postcode lookup with an edition of the ONS Postcode Directory (ONSPD or NSPL
/// CSV). Run once per new edition, then <see cref="ReplaceVolunteerAreas"/> to move volunteers already placed:
/// <c>dotnet run --project services/Participation -- import-postcodes path/to/NSPL.csv</c>.
/// Needs <c>pcds</c>, <c>lsoa21</c> (or <c>lsoa21cd</c>) and <c>laua</c> (or <c>oslaua</c>); uses when present
/// <c>lsoa11</c>, <c>imd25</c>/<c>imd2025</c> (IMD 2025 rank), <c>imd</c> (IMD 2019 rank), <c>icb</c>, and <c>lat</c>/<c>long</c>
/// for a postcode without an LSOA. What a column does not give comes from the shipped LSOA tables. Keeps the postcodes
/// of the programme's local authorities; shows its progress; all or nothing.
/// </summary>
public static class ImportPostcodeDirectory
{
    public const string Command = "import-postcodes";
    private const int LsoasInEngland2011 = 32_844;
    private const int LsoasInEngland2021 = 33_755;

    public sealed record Result(int Read, int Kept, string Edition);

    public static async Task<Result> ImportAsync(ParticipationDbContext db, TextReader csv, string source, TextWriter progress, TimeProvider clock,
        CancellationToken ct)
    {
        var header = Split(await csv.ReadLineAsync(ct) ?? throw new InvalidDataException("The file is empty."));
        int? Optional(params string[] names)
        {
            foreach (var name in names)
                if (Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0) return i;
            return null;
        }
        int Column(params string[] names) => Optional(names)
            ?? throw new InvalidDataException($"No '{string.Join("' or '", names)}' column: is this an ONSPD or NSPL CSV with LSOA 2021?");
        var (postcode, lsoa21, authority) = (Column("pcds"), Column("lsoa21", "lsoa21cd"), Column("oslaua", "laua"));
        var (lsoa11, imd2025, imd2019, icb) = (Optional("lsoa11", "lsoa11cd"), Optional("imd25", "imd2025"), Optional("imd"), Optional("icb", "icb24"));
        var (latitude, longitude) = (Optional("lat"), Optional("long"));

        var resolver = AreaResolver.Load(PostcodeAreaSeeder.ReferenceDirectory);
        var area = resolver.Lsoa21.Values.Select(a => a.LocalAuthorityCode).ToHashSet();
        var now = clock.GetUtcNow();
        var edition = $"ONS Postcode Directory {Path.GetFileName(source)}, imported {now:yyyy-MM-dd HH:mm}Z";
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("TRUNCATE postcode_areas", ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            int read = 0, kept = 0;
            await using (var import = await connection.BeginBinaryImportAsync(PostcodeAreaSeeder.Copy, ct))
            {
                while (await csv.ReadLineAsync(ct) is { } line)
                {
                    if (++read % 250_000 == 0) await progress.WriteLineAsync($"{read:N0} postcodes read, {kept:N0} in the programme's area");
                    var fields = Split(line);
                    if (!area.Contains(fields[authority])) continue;
                    var code = Domain.Postcodes.Normalise(fields[postcode]) ?? fields[postcode];
                    var row = fields[lsoa21].Length > 0
                        ? FromDirectory(code, fields, resolver, lsoa21, lsoa11, imd2025, imd2019, icb)
                        : latitude is { } lat && longitude is { } lon && fields[lat].Length > 0 && fields[lon].Length > 0
                            ? resolver.Locate(code, Real(fields[lat]), Real(fields[lon]))
                            : null;
                    if (row is null) continue;
                    await PostcodeAreaSeeder.WriteAsync(import, row, ct);
                    kept++;
                }
                // Nothing kept means the wrong file: leaving without completing the COPY rolls everything back.
                if (kept == 0) throw new InvalidDataException("No postcode of the programme's area was found; nothing was changed.");
                await import.CompleteAsync(ct);
            }
            var current = await db.ReferenceEditions.FindAsync([ReferenceEdition.PostcodeAreas], ct);
            if (current is null)
                db.ReferenceEditions.Add(current = new ReferenceEdition { Table = ReferenceEdition.PostcodeAreas, Edition = edition });
            current.Edition = edition;
            current.EffectiveFrom = DateOnly.FromDateTime(now.UtcDateTime);
            current.LoadedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await progress.WriteLineAsync($"Done: {read:N0} postcodes read, {kept:N0} kept; the lookup is now \"{edition}\". " +
                $"Run '{ReplaceVolunteerAreas.Command}' to move the volunteers already placed.");
            return new Result(read, kept, edition);
        });
    }

    /// <summary>A directory row with an LSOA 2021; null when that LSOA is not one of the area's.</summary>
    private static PostcodeArea? FromDirectory(string code, string[] f, AreaResolver resolver, int lsoa21, int? lsoa11, int? imd2025, int? imd2019,
        int? icb)
    {
        if (!resolver.Lsoa21.TryGetValue(f[lsoa21], out var area21)) return null;
        var given11 = lsoa11 is { } i11 && f[i11].Length > 0 && resolver.Lsoa11.ContainsKey(f[i11]) ? f[i11] : null;
        var area11 = resolver.Lsoa11[given11 ?? area21.Lsoa11Code];
        return new PostcodeArea
        {
            Postcode = code, Lsoa21Code = area21.Lsoa21Code, Lsoa11Code = area11.Lsoa11Code, LocalAuthorityCode = area21.LocalAuthorityCode,
            IcbCode = icb is { } ic && f[ic].Length > 0 ? f[ic] : area21.IcbCode,
            Imd2025Decile = imd2025 is { } r25 && f[r25].Length > 0 ? Decile(f[r25], LsoasInEngland2021) : area21.Imd2025Decile,
            Imd2019Decile = imd2019 is { } r19 && f[r19].Length > 0 ? Decile(f[r19], LsoasInEngland2011) : area11.Imd2019Decile,
            Lsoa21Method = AreaMethods.Exact, Lsoa11Method = given11 is null ? AreaMethods.Approximate : AreaMethods.Exact,
        };
    }

    /// <summary>An IMD rank (1 = most deprived) → its decile among the edition's LSOAs.</summary>
    private static int Decile(string rank, int lsoas) => Math.Min(10, (int.Parse(rank, CultureInfo.InvariantCulture) - 1) * 10 / lsoas + 1);

    private static double Real(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>ONSPD fields are plain or double-quoted, without commas inside.</summary>
    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
}

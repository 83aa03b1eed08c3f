using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Data;

/// <summary>
/// Loads the shipped postcode lookup (about 120,000 rows, a binary COPY) when no edition is in force: on a new
/// database, and once on one from before editions were kept. An operator's import (its own edition) is never replaced.
/// </summary>
public static class PostcodeAreaSeeder
{
    public const string ShippedEdition = "ONS NSPL 2024-08 and OS Code-Point 2025.4; IMD 2025 and IMD 2019";
    /// <summary>IMD 2025's publication: the shipped table's deciles are in force from then.</summary>
    public static readonly DateOnly ShippedEffectiveFrom = new(2025, 10, 30);

    internal const string Copy = "COPY postcode_areas (postcode, lsoa21code, lsoa11code, local_authority_code, icb_code, imd2025decile, " +
        "imd2019decile, lsoa21method, lsoa11method) FROM STDIN (FORMAT BINARY)";

    public static string ReferenceDirectory => Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    public static async Task SeedAsync(ParticipationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.ReferenceEditions.AnyAsync(e => e.Table == ReferenceEdition.PostcodeAreas, cancellationToken)) return;
        var resolver = AreaResolver.Load(ReferenceDirectory);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("TRUNCATE postcode_areas", cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var file = new GZipStream(File.OpenRead(Path.Combine(ReferenceDirectory, "postcode_areas.csv.gz")), CompressionMode.Decompress))
            using (var reader = new StreamReader(file))
            await using (var import = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
            {
                await reader.ReadLineAsync(cancellationToken); // header
                while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
                    if (Parse(line.Split(','), resolver) is { } area) await WriteAsync(import, area, cancellationToken);
                await import.CompleteAsync(cancellationToken);
            }
            db.ReferenceEditions.Add(new ReferenceEdition
            {
                Table = ReferenceEdition.PostcodeAreas, Edition = ShippedEdition, EffectiveFrom = ShippedEffectiveFrom, LoadedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>
    /// A row of the shipped table: the ONS lookup's answer, or only a position (latitude/longitude, or Code-Point's
    /// eastings/northings) for a postcode the lookup lacks.
    /// </summary>
    private static PostcodeArea? Parse(string[] f, AreaResolver resolver)
    {
        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static double Real(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        if (f[1].Length > 0)
            return new PostcodeArea
            {
                Postcode = f[0], Lsoa21Code = f[1], Lsoa11Code = f[2], LocalAuthorityCode = f[3], IcbCode = f[4], Imd2025Decile = Int(f[5]),
                Imd2019Decile = Int(f[6]), Lsoa21Method = f[7], Lsoa11Method = f[8],
            };
        var (latitude, longitude) = f[9].Length > 0 ? (Real(f[9]), Real(f[10])) : resolver.ToWgs84(Real(f[11]), Real(f[12]));
        return resolver.Locate(f[0], latitude, longitude);
    }

    internal static async Task WriteAsync(NpgsqlBinaryImporter import, PostcodeArea area, CancellationToken ct)
    {
        await import.StartRowAsync(ct);
        await import.WriteAsync(area.Postcode, ct);
        await import.WriteAsync(area.Lsoa21Code, ct);
        await import.WriteAsync(area.Lsoa11Code, ct);
        await import.WriteAsync(area.LocalAuthorityCode, ct);
        await import.WriteAsync(area.IcbCode, ct);
        await import.WriteAsync(area.Imd2025Decile, ct);
        await import.WriteAsync(area.Imd2019Decile, ct);
        await import.WriteAsync(area.Lsoa21Method, ct);
        await import.WriteAsync(area.Lsoa11Method, ct);
    }
}

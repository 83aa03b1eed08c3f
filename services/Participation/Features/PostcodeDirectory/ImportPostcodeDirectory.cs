using System.Globalization;
using MhAll.Participation.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Features.PostcodeDirectory;

/// <summary>
/// Operator command: replaces the shipped, approximate postcode lookup with the ONS Postcode Directory (ONSPD or NSPL
/// CSV), which gives each postcode its true LSOA. Run once per new edition:
/// <c>dotnet run --project services/Participation -- import-postcodes path/to/ONSPD.csv</c>.
/// Keeps the postcodes of the programme's local authorities; shows its progress; all or nothing.
/// </summary>
public static class ImportPostcodeDirectory
{
    public const string Command = "import-postcodes";
    private const int LsoasInEngland2011 = 32_844;

    public sealed record Result(int Read, int Kept);

    public static async Task<Result> ImportAsync(ParticipationDbContext db, TextReader csv, TextWriter progress, CancellationToken ct)
    {
        var header = Split(await csv.ReadLineAsync(ct) ?? throw new InvalidDataException("The file is empty."));
        int Column(params string[] names)
        {
            foreach (var name in names)
                if (Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0) return i;
            throw new InvalidDataException($"No '{string.Join("' or '", names)}' column: is this an ONSPD or NSPL CSV?");
        }
        var (postcode, lsoa, authority, imd) = (Column("pcds"), Column("lsoa11", "lsoa11cd"), Column("oslaua", "laua"), Column("imd"));

        // The programme's local authorities are those of the shipped lookup.
        var area = (await db.PostcodeAreas.Select(p => p.LocalAuthorityCode).Distinct().ToListAsync(ct)).ToHashSet();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("TRUNCATE postcode_areas", ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            int read = 0, kept = 0;
            await using (var import = await connection.BeginBinaryImportAsync(
                             "COPY postcode_areas (postcode, lsoa11code, local_authority_code, imd_decile, exact) FROM STDIN (FORMAT BINARY)", ct))
            {
                while (await csv.ReadLineAsync(ct) is { } line)
                {
                    if (++read % 250_000 == 0) await progress.WriteLineAsync($"{read:N0} postcodes read, {kept:N0} in the programme's area");
                    var fields = Split(line);
                    if (!area.Contains(fields[authority]) || fields[lsoa].Length == 0) continue;
                    var rank = int.Parse(fields[imd], CultureInfo.InvariantCulture);
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(Domain.Postcodes.Normalise(fields[postcode]) ?? fields[postcode], ct);
                    await import.WriteAsync(fields[lsoa], ct);
                    await import.WriteAsync(fields[authority], ct);
                    await import.WriteAsync(Math.Min(10, (rank - 1) * 10 / LsoasInEngland2011 + 1), ct);
                    await import.WriteAsync(true, ct);
                    kept++;
                }
                // Nothing kept means the wrong file: leaving without completing the COPY rolls everything back.
                if (kept == 0) throw new InvalidDataException("No postcode of the programme's area was found; nothing was changed.");
                await import.CompleteAsync(ct);
            }
            await transaction.CommitAsync(ct);
            await progress.WriteLineAsync($"Done: {read:N0} postcodes read, {kept:N0} kept; the lookup now comes from the Postcode Directory.");
            return new Result(read, kept);
        });
    }

    /// <summary>ONSPD fields are plain or double-quoted, without commas inside.</summary>
    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
}

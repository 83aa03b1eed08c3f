using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MhAll.Participation.Data;

/// <summary>Loads the shipped postcode lookup (about 80,000 rows, a binary COPY) when the table is empty.</summary>
public static class PostcodeAreaSeeder
{
    public static async Task SeedAsync(ParticipationDbContext db, CancellationToken cancellationToken)
    {
        if (await db.PostcodeAreas.AnyAsync(cancellationToken)) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var file = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "postcode_areas.csv.gz")),
                CompressionMode.Decompress);
            using var reader = new StreamReader(file);
            await reader.ReadLineAsync(cancellationToken); // header
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY postcode_areas (postcode, lsoa11code, local_authority_code, imd_decile) FROM STDIN (FORMAT BINARY)", cancellationToken);
            while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
            {
                var fields = line.Split(',');
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(fields[0], cancellationToken);
                await import.WriteAsync(fields[1], cancellationToken);
                await import.WriteAsync(fields[2], cancellationToken);
                await import.WriteAsync(int.Parse(fields[3], CultureInfo.InvariantCulture), cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

using System.Globalization;
using MhAll.Testing;
using Npgsql;
using NpgsqlTypes;

namespace MhAll.Benchmarks;

/// <summary>
/// Writes realistic volunteers straight into Participation's register (binary COPY). Each is placed in a local
/// authority in proportion to its adult population; sex and age band, and ethnic group, follow that authority's
/// Census 2021 tables; the postcode is a real one of the authority (so LSOA and IMD decile follow where people
/// live); relationships, conditions, languages and contact channels follow plausible programme proportions.
/// Names and emails are obviously synthetic. Deterministic for a seed.
/// </summary>
public sealed class VolunteerGenerator
{
    private readonly Random _random;
    private readonly List<(string La, double Weight)> _authorities = [];
    private readonly Dictionary<string, List<((string Sex, string Band) Group, double Weight)>> _sexAge = [];
    private readonly Dictionary<string, List<(string Group, double Weight)>> _ethnicity = [];
    private readonly Dictionary<string, List<(string Postcode, string Lsoa, int Imd, string Lsoa21, int Imd2025)>> _postcodes = [];

    private static readonly (string Condition, double Weight)[] Conditions =
    [
        ("anxiety", 30), ("depression", 30), ("bipolar", 6), ("psychosis", 6), ("eating-disorder", 5), ("personality-disorder", 5), ("ptsd", 7),
        ("ocd", 4), ("adhd", 6), ("autism", 4), ("dementia", 2), ("substance-use", 4), ("self-harm", 4), ("other", 3),
    ];
    private static readonly string[] OtherLanguages = ["pl", "ro", "so", "tr", "pa", "gu", "lt", "pt"];

    public VolunteerGenerator(int seed) => _random = new Random(seed);

    public static async Task<VolunteerGenerator> LoadAsync(NpgsqlConnection participation, int seed)
    {
        var generator = new VolunteerGenerator(seed);
        var reference = Path.Combine(RepositoryPaths.Root, "services", "Learning", "ReferenceData");
        foreach (var r in Rows(Path.Combine(reference, "census2021_adults_sex_age.csv")))
            Add(generator._sexAge, r[0], (r[1], r[2]), double.Parse(r[3], CultureInfo.InvariantCulture));
        foreach (var r in Rows(Path.Combine(reference, "census2021_ethnic_group.csv")))
            Add(generator._ethnicity, r[0], r[1], double.Parse(r[2], CultureInfo.InvariantCulture));
        foreach (var (la, groups) in generator._sexAge) generator._authorities.Add((la, groups.Sum(g => g.Weight)));

        await using var command = new NpgsqlCommand("SELECT postcode, lsoa11code, local_authority_code, imd2019decile, lsoa21code, imd2025decile FROM postcode_areas ORDER BY postcode",
            participation);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!generator._postcodes.TryGetValue(reader.GetString(2), out var places)) generator._postcodes[reader.GetString(2)] = places = [];
            places.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5)));
        }
        return generator;

        static IEnumerable<string[]> Rows(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.TrimStart('\uFEFF').Split(','));
    }

    private static void Add<T>(Dictionary<string, List<(T, double)>> map, string key, T value, double weight)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add((value, weight));
    }

    private T Pick<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = 0.0;
        foreach (var item in items) total += item.Weight;
        var x = _random.NextDouble() * total;
        foreach (var item in items)
            if ((x -= item.Weight) < 0) return item.Item;
        return items[^1].Item;
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    /// <summary>Adds <paramref name="count"/> volunteers in one COPY; returns how long it took.</summary>
    public async Task<TimeSpan> WriteAsync(NpgsqlConnection connection, int count, int currentYear)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var import = await connection.BeginBinaryImportAsync("""
            COPY volunteers (id, subject_id, first_name, last_name, email, phone, address, contact_channels, language, accessibility_needs, easy_read,
                year_of_birth, age_band, ethnic_group, sex, gender_identity, relationships, conditions, research_interests, heard_via, postcode,
                lsoa11code, local_authority_code, imd_decile, lsoa21code, imd2025decile, registered_at, match_key, withdrawn_at, changed_at)
            FROM STDIN (FORMAT BINARY)
            """);
        var registeredFrom = DateTimeOffset.UtcNow.AddYears(-3);
        for (var i = 0; i < count; i++)
        {
            var la = Pick(_authorities);
            var (sex, band) = Pick(_sexAge[la]);
            var ethnic = Chance(0.03) ? "prefer-not-to-say" : Pick(_ethnicity[la]);
            var age = band switch
            {
                "75+" => 75 + _random.Next(20),
                _ => int.Parse(band[..2], CultureInfo.InvariantCulture) + _random.Next(band == "18-24" ? 7 : 10),
            };
            var places = _postcodes[la];
            var (postcode, lsoa, imd, lsoa21, imd2025) = places[_random.Next(places.Count)];
            var relationships = new List<string> { Pick<string>([("lived-experience", 45), ("carer", 15), ("public", 30), ("staff", 10)]) };
            if (Chance(0.1) && relationships[0] != "carer") relationships.Add("carer");
            var conditions = relationships.Contains("lived-experience") || relationships.Contains("carer")
                ? Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Pick(Conditions)).Distinct().ToList() : [];
            var language = ethnic switch
            {
                "asian-bangladeshi" when Chance(0.4) => "bn",
                "asian-pakistani" when Chance(0.3) => "ur",
                _ when Chance(0.05) => OtherLanguages[_random.Next(OtherLanguages.Length)],
                _ => "en",
            };
            var channels = new List<string>();
            if (Chance(0.9)) channels.Add("email");
            if (Chance(0.4)) channels.Add("sms");
            if (Chance(0.2)) channels.Add("phone");
            if (Chance(0.1)) channels.Add("post");
            if (channels.Count == 0) channels.Add("email");
            var id = Guid.CreateVersion7();

            await import.StartRowAsync();
            await import.WriteAsync(id, NpgsqlDbType.Uuid);
            await import.WriteAsync($"generated-{id:N}", NpgsqlDbType.Varchar);
            await import.WriteAsync("Generated", NpgsqlDbType.Varchar);
            await import.WriteAsync($"Volunteer {i}", NpgsqlDbType.Varchar);
            await import.WriteAsync($"{id:N}@example.invalid", NpgsqlDbType.Varchar);
            if (channels.Contains("sms") || channels.Contains("phone")) await import.WriteAsync($"07700{_random.Next(900000, 999999)}", NpgsqlDbType.Varchar);
            else await import.WriteNullAsync();
            if (channels.Contains("post")) await import.WriteAsync($"{1 + _random.Next(200)} Example Street", NpgsqlDbType.Varchar);
            else await import.WriteNullAsync();
            await import.WriteAsync(channels.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await import.WriteAsync(language, NpgsqlDbType.Varchar);
            if (Chance(0.05)) await import.WriteAsync("Step-free access", NpgsqlDbType.Varchar); else await import.WriteNullAsync();
            await import.WriteAsync(Chance(0.08), NpgsqlDbType.Boolean);
            await import.WriteAsync(currentYear - age, NpgsqlDbType.Integer);
            await import.WriteAsync(band, NpgsqlDbType.Varchar);
            await import.WriteAsync(ethnic, NpgsqlDbType.Varchar);
            await import.WriteAsync(sex, NpgsqlDbType.Varchar);
            await import.WriteNullAsync();
            await import.WriteAsync(relationships.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await import.WriteAsync(conditions.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await import.WriteAsync(Chance(0.5) ? new[] { "questionnaires", "interviews" } : new[] { "online-studies" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await import.WriteAsync(Pick<string>([("community-event", 20), ("gp-practice", 15), ("nhs-service", 20), ("social-media", 20),
                ("friend-or-family", 10), ("faith-group", 5), ("website", 10)]), NpgsqlDbType.Varchar);
            await import.WriteAsync(postcode, NpgsqlDbType.Varchar);
            await import.WriteAsync(lsoa, NpgsqlDbType.Varchar);
            await import.WriteAsync(la, NpgsqlDbType.Varchar);
            await import.WriteAsync(imd, NpgsqlDbType.Integer);
            await import.WriteAsync(lsoa21, NpgsqlDbType.Varchar);
            await import.WriteAsync(imd2025, NpgsqlDbType.Integer);
            var registered = registeredFrom.AddMinutes(_random.Next(3 * 365 * 24 * 60));
            await import.WriteAsync(registered, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(_random.Next(), NpgsqlDbType.Integer);
            var withdrawn = Chance(0.03);
            if (withdrawn) await import.WriteAsync(registered.AddDays(30), NpgsqlDbType.TimestampTz); else await import.WriteNullAsync();
            await import.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz); // written now: the register index reads it as a change
        }
        await import.CompleteAsync();
        return clock.Elapsed;
    }
}

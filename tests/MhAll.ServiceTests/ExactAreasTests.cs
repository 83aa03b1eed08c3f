using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Participation.Data;
using MhAll.Participation.Features.PostcodeDirectory;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class ExactAreasFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

public sealed class ExactAreasLearningFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning);

/// <summary>Postcodes placed from the shipped table: ONS's answer where it has one, the fallback (labelled approximate) where not.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class ExactAreasTests(ExactAreasFactory factory, ExactAreasLearningFactory learning)
    : IClassFixture<ExactAreasFactory>, IClassFixture<ExactAreasLearningFactory>
{
    private const string Volunteers = "/api/participation/volunteers";

    private async Task<JsonElement> RegisterAsync(string postcode)
    {
        var response = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, new
        {
            firstName = "Area", lastName = "Test", email = $"area.{Guid.NewGuid():N}@example.org", yearOfBirth = 1980,
            relationships = new[] { "public" }, consentVersion = 1, postcode,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// One live postcode (in Code-Point 2025.4) of each of the 22 authorities, with ONS's answer from
    /// nspl_aug2024_postcode_lsoa_22lad and the IMD 2025 decile of that LSOA from imd2025_lsoa21.
    /// </summary>
    [Theory]
    [InlineData("E15 2SE", "E09000025", "E01034223", "E54000029", 5)]
    [InlineData("CM1 4NU", "E07000070", "E01021551", "E54000026", 5)]
    [InlineData("N1 4SD", "E09000012", "E01001750", "E54000029", 3)]
    [InlineData("CM13 3EA", "E07000068", "E01021473", "E54000026", 6)]
    [InlineData("RM9 4NX", "E09000002", "E01000075", "E54000029", 4)]
    [InlineData("CM17 9GD", "E07000072", "E01021768", "E54000025", 6)]
    [InlineData("SS1 1EZ", "E06000033", "E01015853", "E54000026", 4)]
    [InlineData("SS8 0EX", "E07000069", "E01021501", "E54000026", 4)]
    [InlineData("CM8 1BD", "E07000067", "E01033461", "E54000026", 8)]
    [InlineData("SS12 9GR", "E07000066", "E01021345", "E54000026", 9)]
    [InlineData("E14 8DT", "E09000030", "E01035694", "E54000029", 1)]
    [InlineData("CM6 1QZ", "E07000077", "E01022096", "E54000025", 6)]
    [InlineData("CM9 6UH", "E07000074", "E01021896", "E54000026", 8)]
    [InlineData("E4 6DR", "E09000031", "E01004353", "E54000029", 7)]
    [InlineData("CO7 7UZ", "E07000076", "E01022051", "E54000023", 5)]
    [InlineData("CM17 9QH", "E07000073", "E01021825", "E54000025", 9)]
    [InlineData("RM14 9DQ", "E09000016", "E01002390", "E54000029", 10)]
    [InlineData("CO4 5XJ", "E07000071", "E01035173", "E54000023", 8)]
    [InlineData("SS6 7PG", "E07000075", "E01021965", "E54000026", 10)]
    [InlineData("IG3 8TZ", "E09000026", "E01003771", "E54000029", 4)]
    [InlineData("RM16 6RS", "E06000034", "E01015941", "E54000026", 8)]
    [InlineData("E1 7AW", "E09000001", "E01000005", "E54000029", 5)]
    public async Task A_postcode_of_each_authority_gets_the_ons_area_lsoa_2021_icb_and_imd_2025_decile(string postcode, string authority,
        string lsoa21, string icb, int imd2025)
    {
        var body = await RegisterAsync(postcode);
        var area = body.GetProperty("area");
        // Today's ICB: the LSOA's (April 2024), but the 14 Essex authorities are in NHS Essex ICB since 1 April 2026.
        var icbToday = icb == "E54000029" ? icb : "essex-2026";
        Assert.Equal((authority, lsoa21, icbToday, imd2025), (area.GetProperty("localAuthorityCode").GetString(), area.GetProperty("lsoa21Code").GetString(),
            area.GetProperty("icbCode").GetString(), area.GetProperty("imd2025Decile").GetInt32()));
        Assert.Equal("exact", area.GetProperty("lsoa21Method").GetString());
        Assert.False(area.GetProperty("approximate").GetBoolean());
        await using var scope = factory.Services.CreateAsyncScope();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(icb, (await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Volunteers.SingleAsync(v => v.Id == id)).IcbCode);
    }

    /// <summary>
    /// Wapping (E1W, NSPL May 2025 latitude/longitude) and the City (EC, Code-Point grid reference only) are not in
    /// the ONS lookup: placed by point-in-polygon, in the authority ONS and Code-Point give them, labelled approximate.
    /// </summary>
    [Theory]
    [InlineData("E1W 1AA", "E09000030")]
    [InlineData("E1W 2AA", "E09000030")]
    [InlineData("EC2V 7HH", "E09000001")]
    [InlineData("EC4M 7AA", "E09000001")]
    public async Task Wapping_and_city_postcodes_are_placed_from_their_position_and_labelled_approximate(string postcode, string authority)
    {
        var area = (await RegisterAsync(postcode)).GetProperty("area");
        Assert.Equal(authority, area.GetProperty("localAuthorityCode").GetString());
        Assert.Equal("E54000029", area.GetProperty("icbCode").GetString());
        Assert.True(area.GetProperty("approximate").GetBoolean());
        Assert.Equal(("approximate", "approximate"), (area.GetProperty("lsoa21Method").GetString(), area.GetProperty("lsoa11Method").GetString()));
        Assert.InRange(area.GetProperty("imd2025Decile").GetInt32(), 1, 10);
        Assert.InRange(area.GetProperty("imd2019Decile").GetInt32(), 1, 10);
        Assert.StartsWith("E01", area.GetProperty("lsoa21Code").GetString());
    }

    [Fact]
    public async Task Essex_volunteers_are_in_nhs_essex_icb_from_april_2026_and_uttlesford_was_in_hertfordshire_and_west_essex_before()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var areas = scope.ServiceProvider.GetRequiredService<Participation.Domain.Areas>();
        Assert.Equal("E54000025", areas.IcbOn("E07000077", "E54000025", new DateOnly(2026, 3, 31))?.Code);
        Assert.Equal("essex-2026", areas.IcbOn("E07000077", "E54000025", new DateOnly(2026, 4, 1))?.Code);
        Assert.Equal("E54000029", areas.IcbOn("E09000030", "E54000029", new DateOnly(2026, 4, 1))?.Code);
    }

    /// <summary>
    /// Six volunteers placed before this change (nearest-centroid LSOA 2011 and IMD 2019 only, as the old shipped table had
    /// them), already counted by Learning. The command re-places them from the ONS lookup and Learning's counts move:
    /// IMD 2025 from "not stated" to each one's decile, IMD 2019 to the ONS best-fit LSOA's decile.
    /// </summary>
    [Fact]
    public async Task Re_placing_a_register_filled_before_moves_learnings_imd_counts_and_is_resumable_and_idempotent()
    {
        // postcode, then the old table's LSOA 2011, authority and IMD 2019 decile; ONS: authority, IMD 2019, IMD 2025.
        (string Postcode, string OldLsoa, string OldLa, int OldImd, string La, int Imd2019, int Imd2025)[] legacy =
        [
            ("E1 6RS", "E01004307", "E09000030", 7, "E09000012", 5, 6),
            ("E1 8AX", "E01032767", "E09000030", 7, "E09000001", 3, 5),
            ("CO9 1JT", "E01021392", "E07000067", 5, "E07000067", 6, 4),
            ("SS9 4HU", "E01015826", "E06000033", 8, "E06000033", 2, 2),
            ("SS17 8DG", "E01015997", "E06000034", 9, "E06000034", 9, 8),
            ("CM24 8AD", "E01022085", "E07000077", 10, "E07000077", 10, 9),
        ];
        var ids = new List<Guid>();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            foreach (var v in legacy)
            {
                var id = Guid.CreateVersion7();
                ids.Add(id);
                db.Volunteers.Add(new Volunteer
                {
                    Id = id, SubjectId = id.ToString(), FirstName = "Old", LastName = "Timer", Email = $"{id:N}@example.org", ContactChannels = ["email"],
                    YearOfBirth = 1970, AgeBand = "55-64", Relationships = ["public"], Postcode = v.Postcode, Lsoa11Code = v.OldLsoa,
                    LocalAuthorityCode = v.OldLa, Imd2019Decile = v.OldImd, Lsoa11Method = AreaMethods.Approximate, RegisteredAt = DateTimeOffset.UtcNow,
                    MatchKey = 1,
                });
                await learning.Harness.Bus.Publish(new VolunteerRegistered(id, DateTimeOffset.UtcNow.AddMinutes(-10), "55-64", null, null, v.OldLa, v.OldImd));
            }
            await db.SaveChangesAsync();
        }
        await learning.WaitUntilAsync<LearningDbContext>(async db => await db.RegisteredVolunteers.CountAsync(v => ids.Contains(v.VolunteerId)) == ids.Count);
        Assert.Equal(6, (await ImdAsync(2025)).NotStated);
        Assert.Equal(new Dictionary<string, int> { ["5"] = 1, ["7"] = 2, ["8"] = 1, ["9"] = 1, ["10"] = 1 }, (await ImdAsync(2019)).Counts);

        // Stopped after its first batch of two: those two carry the edition, the others wait.
        using var stop = new CancellationTokenSource();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                ReplaceVolunteerAreas.RunAsync(db, new CancelOnBatch(stop), TimeProvider.System, stop.Token, batchSize: 2));
            Assert.Equal(2, await db.Volunteers.CountAsync(v => ids.Contains(v.Id) && v.AreaEdition == PostcodeAreaSeeder.ShippedEdition));
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            var progress = new StringWriter();
            var resumed = await ReplaceVolunteerAreas.RunAsync(db, progress, TimeProvider.System, CancellationToken.None);
            Assert.Equal((4, 4), (resumed.Replaced, resumed.Moved));
            Assert.Contains("4 of 4 re-placed", progress.ToString());
            var again = await ReplaceVolunteerAreas.RunAsync(db, TextWriter.Null, TimeProvider.System, CancellationToken.None);
            Assert.Equal((0, 0), (again.Replaced, again.Moved));
            var placed = await db.Volunteers.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Postcode!);
            foreach (var v in legacy)
                Assert.Equal((v.La, v.Imd2019, v.Imd2025, "exact"), (placed[v.Postcode].LocalAuthorityCode, placed[v.Postcode].Imd2019Decile,
                    placed[v.Postcode].Imd2025Decile, placed[v.Postcode].Lsoa21Method));
        }

        // What the outbox relay published reaches Learning, as RabbitMQ would carry it.
        Assert.True(await factory.PublishedAsync<VolunteerDemographicsChanged>(m => m.VolunteerId == ids[^1]));
        var changes = factory.Harness.Published.Select<VolunteerDemographicsChanged>().Select(m => m.Context.Message)
            .Where(m => ids.Contains(m.VolunteerId)).ToList();
        Assert.Equal(6, changes.Count); // one per volunteer: the two runs after the stop sent nothing twice
        foreach (var change in changes) await learning.Harness.Bus.Publish(change);
        await learning.WaitUntilAsync<LearningDbContext>(async db =>
            await db.RegisteredVolunteers.CountAsync(v => ids.Contains(v.VolunteerId) && v.Imd2025Decile != null) == ids.Count);

        var imd2025 = await ImdAsync(2025);
        Assert.Equal(0, imd2025.NotStated);
        Assert.Equal(new Dictionary<string, int> { ["2"] = 1, ["4"] = 1, ["5"] = 1, ["6"] = 1, ["8"] = 1, ["9"] = 1 }, imd2025.Counts);
        Assert.Equal(new Dictionary<string, int> { ["2"] = 1, ["3"] = 1, ["5"] = 1, ["6"] = 1, ["9"] = 1, ["10"] = 1 }, (await ImdAsync(2019)).Counts);
    }

    private async Task<(Dictionary<string, int> Counts, int NotStated)> ImdAsync(int edition)
    {
        var report = await learning.CreateClient().As(Roles.Coordinator)
            .GetFromJsonAsync<JsonElement>($"/api/learning/representation?dimension=imd-decile&imdEdition={edition}&raw=true");
        var counts = report.GetProperty("groups").EnumerateArray().Where(g => g.GetProperty("count").GetInt32() > 0)
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("count").GetInt32());
        return (counts, report.GetProperty("notStated").GetInt32());
    }

    /// <summary>Stops the command once its first batch is committed, as an operator's Ctrl+C would.</summary>
    private sealed class CancelOnBatch(CancellationTokenSource stop) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            if (value?.Contains("re-placed") == true) stop.Cancel();
            return Task.CompletedTask;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.Participation.Features.PostcodeDirectory;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class PostcodeDirectoryFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

[Collection(ServiceTestsCollection.Name)]
public sealed class PostcodeDirectoryTests(PostcodeDirectoryFactory factory) : IClassFixture<PostcodeDirectoryFactory>
{
    // A few lines shaped like the ONS Postcode Directory (NSPL): quoted fields, many columns we do not use, LSOA 2021 and
    // IMD 2025 ranks; a postcode too new for an LSOA, with its position only; one outside the programme.
    private const string Nspl = """
        "pcd","pcds","dointr","doterm","laua","ward","lsoa11","lsoa21","imd","imd25","lat","long"
        "E145AB ","E14 5AB","198001","","E09000030","E05009333","E01004250","E01035684","1200","900","51.50","-0.02"
        "RM176SL","RM17 6SL","198001","","E06000034","E05002221","E01015954","E01015954","30000","","51.47","0.32"
        "E1W9ZZ ","E1W 9ZZ","202501","","E09000030","","","","","","51.50679","-0.07277"
        "SW1A1AA","SW1A 1AA","198001","","E09000033","E05000644","E01004736","E01004736","17000","15000","51.50","-0.14"
        """;

    [Fact]
    public async Task An_imported_directory_replaces_the_shipped_lookup_for_new_volunteers_and_through_the_command_for_existing_ones()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var before = await client.PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Sam", lastName = "Ali", email = $"sam.{Guid.NewGuid():N}@example.org", yearOfBirth = 1980, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "E14 5AB",
        });
        var earlier = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var progress = new StringWriter();

        var result = await ImportPostcodeDirectory.ImportAsync(db, new StringReader(Nspl), "NSPL_FEB_2026_UK.csv", progress, TimeProvider.System, CancellationToken.None);

        Assert.Equal((4, 3), (result.Read, result.Kept)); // Westminster is outside the programme
        Assert.Contains("3 kept", progress.ToString());
        Assert.StartsWith("ONS Postcode Directory NSPL_FEB_2026_UK.csv", (await db.ReferenceEditions.AsNoTracking().SingleAsync()).Edition);
        var towerHamlets = await db.PostcodeAreas.AsNoTracking().SingleAsync(p => p.Postcode == "E14 5AB");
        Assert.Equal(("E01035684", "E01004250", "E09000030", 1, 1, "exact", "exact"), (towerHamlets.Lsoa21Code, towerHamlets.Lsoa11Code,
            towerHamlets.LocalAuthorityCode, towerHamlets.Imd2025Decile, towerHamlets.Imd2019Decile, towerHamlets.Lsoa21Method, towerHamlets.Lsoa11Method));
        // No IMD 2025 rank given: the decile of its LSOA 2021 in the shipped IMD 2025 table.
        var grays = await db.PostcodeAreas.AsNoTracking().SingleAsync(p => p.Postcode == "RM17 6SL");
        Assert.Equal((2, 10), (grays.Imd2025Decile, grays.Imd2019Decile));
        var wapping = await db.PostcodeAreas.AsNoTracking().SingleAsync(p => p.Postcode == "E1W 9ZZ");
        Assert.Equal(("E09000030", "approximate"), (wapping.LocalAuthorityCode, wapping.Lsoa21Method));

        var registered = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Sam", lastName = "Ali", email = $"sam.{Guid.NewGuid():N}@example.org", yearOfBirth = 1980, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "E14 5AB",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var area = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("area");
        Assert.Equal(("E01035684", "E01004250"), (area.GetProperty("lsoa21Code").GetString(), area.GetProperty("lsoa11Code").GetString()));
        Assert.False(area.GetProperty("approximate").GetBoolean());

        // The volunteer placed from the shipped table moves to the imported area when the command runs.
        Assert.Equal("E01032771", (await db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == earlier)).Lsoa21Code);
        var replaced = await ReplaceVolunteerAreas.RunAsync(db, TextWriter.Null, TimeProvider.System, CancellationToken.None);
        Assert.Equal(1, replaced.Replaced);
        var moved = await db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == earlier);
        Assert.Equal(("E01035684", 1, result.Edition), (moved.Lsoa21Code, moved.Imd2025Decile, moved.AreaEdition));
        Assert.True(await factory.PublishedAsync<Contracts.Participation.VolunteerDemographicsChanged>(m => m.VolunteerId == earlier && m.Imd2025Decile == 1));
    }

    [Fact]
    public async Task A_file_that_is_not_a_postcode_directory_changes_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var before = await db.PostcodeAreas.CountAsync();

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            ImportPostcodeDirectory.ImportAsync(db, new StringReader("name,town\nAnn,Leeds\n"), "people.csv", TextWriter.Null, TimeProvider.System, CancellationToken.None));
        var onlyElsewhere = "\"pcds\",\"oslaua\",\"lsoa21\",\"imd\"\n\"SW1A 1AA\",\"E09000033\",\"E01004736\",\"17000\"\n";
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            ImportPostcodeDirectory.ImportAsync(db, new StringReader(onlyElsewhere), "westminster.csv", TextWriter.Null, TimeProvider.System, CancellationToken.None));

        Assert.Equal(before, await db.PostcodeAreas.CountAsync());
    }
}

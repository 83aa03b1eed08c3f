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
    // A few lines shaped like the ONS Postcode Directory (ONSPD): quoted fields, many columns we do not use.
    private const string Onspd = """
        "pcd","pcd2","pcds","dointr","doterm","oscty","oslaua","osward","lsoa11","msoa11","imd"
        "E145AB ","E14  5AB","E14 5AB","198001","","E99999999","E09000030","E05009333","E01004250","E02000881","1200"
        "RM176SL","RM17 6SL","RM17 6SL","198001","","E99999999","E06000034","E05002221","E01015954","E02003237","30000"
        "SW1A1AA","SW1A 1AA","SW1A 1AA","198001","","E99999999","E09000033","E05000644","E01004736","E02000977","17000"
        """;

    [Fact]
    public async Task Importing_the_postcode_directory_replaces_the_approximate_lookup_for_the_programme_area()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var progress = new StringWriter();

        var result = await ImportPostcodeDirectory.ImportAsync(db, new StringReader(Onspd), progress, CancellationToken.None);

        Assert.Equal((3, 2), (result.Read, result.Kept)); // Westminster is outside the programme
        Assert.Contains("2 kept", progress.ToString());
        var towerHamlets = await db.PostcodeAreas.AsNoTracking().SingleAsync(p => p.Postcode == "E14 5AB");
        Assert.Equal(("E01004250", "E09000030", 1), (towerHamlets.Lsoa11Code, towerHamlets.LocalAuthorityCode, towerHamlets.ImdDecile));
        Assert.Equal(10, (await db.PostcodeAreas.AsNoTracking().SingleAsync(p => p.Postcode == "RM17 6SL")).ImdDecile);

        var registered = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Sam", lastName = "Ali", email = $"sam.{Guid.NewGuid():N}@example.org", yearOfBirth = 1980, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "E14 5AB",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var area = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("area");
        Assert.Equal("E01004250", area.GetProperty("lsoa11Code").GetString());
        Assert.False(area.GetProperty("approximate").GetBoolean()); // from the directory, no longer an approximation
    }

    [Fact]
    public async Task A_file_that_is_not_a_postcode_directory_changes_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var before = await db.PostcodeAreas.CountAsync();

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            ImportPostcodeDirectory.ImportAsync(db, new StringReader("name,town\nAnn,Leeds\n"), TextWriter.Null, CancellationToken.None));
        var onlyElsewhere = "\"pcds\",\"oslaua\",\"lsoa11\",\"imd\"\n\"SW1A 1AA\",\"E09000033\",\"E01004736\",\"17000\"\n";
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            ImportPostcodeDirectory.ImportAsync(db, new StringReader(onlyElsewhere), TextWriter.Null, CancellationToken.None));

        Assert.Equal(before, await db.PostcodeAreas.CountAsync());
    }
}

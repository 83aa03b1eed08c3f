using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;

namespace MhAll.ServiceTests;

/// <summary>Its own database: publishing a new consent text changes what every later sign-up must agree to.</summary>
public sealed class ConsentFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

[Collection(ServiceTestsCollection.Name)]
public sealed class ConsentVersionTests(ConsentFactory factory) : IClassFixture<ConsentFactory>
{
    private static object Joining(int version) => new
    {
        firstName = "Femi", lastName = "Adeyemi", email = $"femi.{Guid.NewGuid():N}@example.org", yearOfBirth = 1970,
        relationships = new[] { "carer" }, consentVersion = version,
    };

    [Fact]
    public async Task A_new_consent_text_binds_new_sign_ups_and_those_on_the_register_may_agree_to_it()
    {
        var subject = Guid.NewGuid().ToString();
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        Assert.Equal(HttpStatusCode.Created, (await volunteer.PostAsJsonAsync("/api/participation/volunteers", Joining(1))).StatusCode);

        await (await factory.CreateClient().As(Roles.Researcher).PostAsJsonAsync("/api/participation/consent", new { body = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        await (await coordinator.PostAsJsonAsync("/api/participation/consent", new { body = " " })).AssertValidationProblemAsync("body");
        var published = await coordinator.PostAsJsonAsync("/api/participation/consent",
            new { body = "We may contact you about studies by the channels you choose. We now also share invitations with NHS Essex ICB." });
        Assert.Equal(2, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/consent")).GetProperty("version").GetInt32());

        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync("/api/participation/volunteers", Joining(1)))
            .AssertValidationProblemAsync("consentVersion");
        await (await volunteer.PostAsJsonAsync("/api/participation/volunteers/me/consents", new { version = 1 })).AssertValidationProblemAsync("version");
        var history = await (await volunteer.PostAsJsonAsync("/api/participation/volunteers/me/consents", new { version = 2 })).Content
            .ReadFromJsonAsync<JsonElement>();
        Assert.Equal([(1, "given"), (2, "given")],
            history.EnumerateArray().Select(e => (e.GetProperty("version").GetInt32(), e.GetProperty("decision").GetString())));

        Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsync("/api/participation/volunteers/me/withdraw", null)).StatusCode);
        await (await volunteer.PostAsJsonAsync("/api/participation/volunteers/me/consents", new { version = 2 })).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}

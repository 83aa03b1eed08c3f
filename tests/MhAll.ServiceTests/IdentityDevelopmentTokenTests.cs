using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Identity.Features.Tokens;
using MhAll.Identity.Keys;
using MhAll.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceTests;

/// <summary>
/// Identity issues the development tokens itself, signed with its key ring, and the services take them with no key of
/// their own (the AppHost hands out none); outside Development the endpoint does not exist.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityDevelopmentTokenTests(ResourceServers servers) : IClassFixture<ResourceServers>
{
    private async Task<(string Token, string Subject)> DevelopmentTokenAsync(string role, string? subject = null)
    {
        var response = await servers.Identity.CreateClient().PostAsJsonAsync(DevelopmentTokens.Path, new { role, subject });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(role, body.GetProperty("role").GetString());
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("subject").GetString()!);
    }

    [Fact]
    public async Task A_development_token_is_signed_with_identitys_active_key_for_every_service()
    {
        var (token, subject) = await DevelopmentTokenAsync(Roles.Researcher);
        var jwt = new JsonWebToken(token);
        Assert.Equal(SecurityAlgorithms.RsaSha256, jwt.Alg);
        Assert.Equal(servers.Identity.Services.GetRequiredService<KeyRing>().Current.Active!.KeyId, jwt.Kid);
        Assert.Equal(IdentityFactory.Issuer, jwt.Issuer);
        Assert.Equal(subject, jwt.Subject);
        Assert.Equal(DevelopmentTokens.Method, jwt.GetClaim("amr").Value);
        Assert.True(jwt.ValidTo <= DateTime.UtcNow.AddMinutes(31), "no longer than a signed-in person's token");

        // What any resource server checks, with identity's published keys alone.
        var jwks = new JsonWebKeySet(await servers.Identity.CreateClient().GetStringAsync("/.well-known/jwks"));
        foreach (var service in ResourceNames.Services)
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = IdentityFactory.Issuer, ValidAudience = service, IssuerSigningKeys = jwks.GetSigningKeys(),
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            });
            Assert.True(result.IsValid, $"{service}: {result.Exception?.Message}");
        }
    }

    [Fact]
    public async Task The_services_take_it_with_no_key_of_their_own_and_the_same_subject_is_the_same_person()
    {
        var (coordinator, _) = await DevelopmentTokenAsync(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync("/api/learning/indicators", coordinator)).StatusCode);

        // A volunteer with no record yet: past authentication, their own record is not there.
        var (volunteer, subject) = await DevelopmentTokenAsync(Roles.Volunteer);
        Assert.Equal(HttpStatusCode.NotFound, (await servers.Participation.GetAsync("/api/participation/volunteers/me", volunteer)).StatusCode);
        var (again, sameSubject) = await DevelopmentTokenAsync(Roles.Volunteer, subject);
        Assert.Equal(subject, sameSubject);
        Assert.Equal(subject, new JsonWebToken(again).Subject);

        // The role still decides: a volunteer is no coordinator.
        Assert.Equal(HttpStatusCode.Forbidden, (await servers.Learning.GetAsync("/api/learning/indicators", volunteer)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await servers.Training.GetAsync("/api/training/profiles/me", (await DevelopmentTokenAsync(Roles.Staff)).Token)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_role_or_an_overlong_subject_is_a_400_naming_the_field()
    {
        var client = servers.Identity.CreateClient();
        await (await client.PostAsJsonAsync(DevelopmentTokens.Path, new { role = "admin" })).AssertValidationProblemAsync("role");
        await (await client.PostAsJsonAsync(DevelopmentTokens.Path, new { })).AssertValidationProblemAsync("role");
        await (await client.PostAsJsonAsync(DevelopmentTokens.Path, new { role = Roles.Volunteer, subject = new string('s', 201) }))
            .AssertValidationProblemAsync("subject");
    }
}

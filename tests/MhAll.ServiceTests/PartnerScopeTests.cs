using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MhAll.Identity.Keys;
using MhAll.Learning.Data;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MhAll.ServiceTests;

/// <summary>"Now" for the identity service's token endpoint, movable so that it can issue a token that has already expired.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

public sealed class ShiftableIdentityFactory : IdentityFactory
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = Clock);
}

/// <summary>A service that accepts the in-process identity service's tokens, reading its JWKS from it, as in the AppHost.</summary>
public sealed class ResourceServerFactory<TDbContext>(string service, IdentityFactory identity) : ServiceFactory<TDbContext>(service)
    where TDbContext : DbContext
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(IdentityTokens.IssuerKey, IdentityFactory.Issuer);
        builder.UseSetting(IdentityTokens.JwksKey, IdentityFactory.Issuer + ".well-known/jwks");
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddHttpClient(IdentityTokens.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => identity.Server.CreateHandler());
}

/// <summary>Identity and the three services partners call, each on its own database.</summary>
public sealed class ResourceServers : IAsyncLifetime
{
    public ShiftableIdentityFactory Identity { get; } = new();
    public ResourceServerFactory<ParticipationDbContext> Participation { get; }
    public ResourceServerFactory<LearningDbContext> Learning { get; }
    public ResourceServerFactory<TrainingDbContext> Training { get; }

    public ResourceServers()
    {
        Participation = new(ResourceNames.Participation, Identity);
        Learning = new(ResourceNames.Learning, Identity);
        Training = new(ResourceNames.Training, Identity);
    }

    public async Task InitializeAsync()
    {
        await Identity.InitializeAsync();
        await Participation.InitializeAsync();
        await Learning.InitializeAsync();
        await Training.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Training.DisposeAsync();
        await Learning.DisposeAsync();
        await Participation.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>A new partner client granted <paramref name="scopes"/>, and a token asking for all of them.</summary>
    public async Task<string> PartnerTokenAsync(params string[] scopes)
    {
        var registered = await Identity.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync("/api/identity/clients", new { name = "North East London ICS", scopes });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        return await (await Identity.CreateClient().ClientCredentialsTokenAsync(body.GetProperty("clientId").GetString()!,
            body.GetProperty("clientSecret").GetString()!, string.Join(' ', scopes))).AccessTokenAsync();
    }
}

public static class BearerCalls
{
    public static Task<HttpResponseMessage> GetAsync(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ParticipationDbContext> f, string path, string token) => Call(f.CreateClient(), path, token);
    public static Task<HttpResponseMessage> GetAsync(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<LearningDbContext> f, string path, string token) => Call(f.CreateClient(), path, token);
    public static Task<HttpResponseMessage> GetAsync(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<TrainingDbContext> f, string path, string token) => Call(f.CreateClient(), path, token);

    private static Task<HttpResponseMessage> Call(HttpClient client, string path, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.GetAsync(path);
    }
}

/// <summary>
/// A partner token reaches only endpoints naming a scope it holds (<see cref="PartnerScopes"/>), with real tokens from
/// identity at the services themselves; and the tokens a service must refuse.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class PartnerScopeTests(ResourceServers servers) : IClassFixture<ResourceServers>
{
    private const string Studies = "/api/participation/fhir/r4/ResearchStudy";
    private const string Indicators = "/api/learning/indicators";
    private static readonly string Completion = $"/api/training/partner/v1/completions/{Guid.NewGuid()}";

    [Fact]
    public async Task A_studies_read_token_reads_studies_and_nothing_of_learning_or_training()
    {
        var token = await servers.PartnerTokenAsync(PartnerScopes.StudiesRead);
        Assert.Equal(HttpStatusCode.OK, (await servers.Participation.GetAsync(Studies, token)).StatusCode);
        // Not for these services at all: refused by audience before any scope is looked at.
        Assert.Equal(HttpStatusCode.Unauthorized, (await servers.Learning.GetAsync(Indicators, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await servers.Training.GetAsync(Completion, token)).StatusCode);
        // For Participation, but an endpoint the partner role's policy admits and studies.read does not name.
        Assert.Equal(HttpStatusCode.Forbidden, (await servers.Participation.GetAsync("/api/participation/interviews/themes", token)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_learning_and_training_reaches_only_the_endpoints_of_its_scopes_there()
    {
        var indicatorsOnly = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead, PartnerScopes.StudiesRead);
        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync(Indicators, indicatorsOnly)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await servers.Learning.GetAsync("/api/learning/representation", indicatorsOnly)).StatusCode);

        var records = await servers.PartnerTokenAsync(PartnerScopes.TrainingRecordsWrite);
        // Past authorisation: another partner's (here nobody's) record is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await servers.Training.GetAsync(Completion, records)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await servers.Training.GetAsync("/api/training/champions/coverage", records)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await servers.Learning.GetAsync(Indicators, records)).StatusCode);
    }

    [Fact]
    public async Task Expired_wrong_audience_unsigned_re_signed_and_foreign_issuer_tokens_are_refused()
    {
        var good = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead);
        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync(Indicators, good)).StatusCode);

        // Issued an hour ago, so expired half an hour ago: well beyond the 30 s skew.
        servers.Identity.Clock.Offset = TimeSpan.FromHours(-1);
        string expired;
        try { expired = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead); }
        finally { servers.Identity.Clock.Offset = TimeSpan.Zero; }
        Assert.True(new JsonWebToken(expired).ValidTo < DateTime.UtcNow.AddMinutes(-20));
        await AssertRefusedAsync(expired);

        // Wrong audience: a real token for Participation.
        Assert.Equal(HttpStatusCode.Unauthorized, (await servers.Learning.GetAsync(Indicators, await servers.PartnerTokenAsync(PartnerScopes.StudiesRead))).StatusCode);

        var parts = good.Split('.');
        await AssertRefusedAsync(Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""") + "." + parts[1] + ".");

        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var stranger = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(3072)) { KeyId = new JsonWebToken(good).Kid };
        await AssertRefusedAsync(new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(stranger, SecurityAlgorithms.RsaSha256)));

        // Signed with identity's own key, but naming another issuer.
        var server = servers.Identity.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var issuer = server.Issuer;
        server.Issuer = new Uri("http://elsewhere.example.org/");
        string foreign;
        try { foreign = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead); }
        finally { server.Issuer = issuer; }
        Assert.Equal("http://elsewhere.example.org/", new JsonWebToken(foreign).Issuer);
        await AssertRefusedAsync(foreign);

        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync(Indicators, good)).StatusCode);
    }

    private async Task AssertRefusedAsync(string token)
    {
        var response = await servers.Learning.GetAsync(Indicators, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>Its own identity and services: a rotation changes the key identity signs with for everyone after it.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class KeyRotationAtServiceTests(ResourceServers servers) : IClassFixture<ResourceServers>
{
    [Fact]
    public async Task A_token_signed_before_a_rotation_stays_valid_at_the_service_after_it()
    {
        var before = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead);
        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync("/api/learning/indicators", before)).StatusCode);

        await servers.Identity.Services.GetRequiredService<KeyRing>().RotateNowAsync(CancellationToken.None);
        var after = await servers.PartnerTokenAsync(PartnerScopes.IndicatorsRead);
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);

        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync("/api/learning/indicators", before)).StatusCode);
        // The new key id is unknown to the service's cached JWKS: it reads them again and accepts the new token too.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        HttpStatusCode status;
        while ((status = (await servers.Learning.GetAsync("/api/learning/indicators", after)).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await servers.Learning.GetAsync("/api/learning/indicators", before)).StatusCode);
    }
}

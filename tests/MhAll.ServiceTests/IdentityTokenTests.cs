using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MhAll.Identity.Keys;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MhAll.ServiceTests;

/// <summary>
/// Tokens as a resource server sees them: partner client credentials with scopes, validation against the published
/// JWKS alone (Microsoft.IdentityModel, as JwtBearer does), and key rotation that keeps issued tokens valid.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityTokenTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<(string ClientId, string Secret)> RegisterPartnerAsync(params string[] scopes)
    {
        var response = await factory.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync("/api/identity/clients", new { name = "North East London ICS", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    [Fact]
    public async Task A_partner_client_gets_tokens_for_its_scopes_only_and_its_secret_can_be_rotated()
    {
        var (clientId, secret) = await RegisterPartnerAsync("studies.read");
        var client = factory.CreateClient();

        var token = IdentityFlows.Read(await (await client.ClientCredentialsTokenAsync(clientId, secret, "studies.read")).AccessTokenAsync());
        Assert.Equal(clientId, token.Subject);
        Assert.Equal([Roles.Partner], token.Values("role"));
        Assert.Equal([ResourceNames.Participation], token.Audiences);
        Assert.Equal("studies.read", token.GetClaim("scope").Value);
        // Without a scope named: the scopes it holds.
        Assert.Equal([ResourceNames.Participation],
            IdentityFlows.Read(await (await client.ClientCredentialsTokenAsync(clientId, secret)).AccessTokenAsync()).Audiences);

        // A scope it was not granted (OpenIddict answers invalid_request), and one that does not exist (invalid_scope).
        Assert.Equal("invalid_request", await (await client.ClientCredentialsTokenAsync(clientId, secret, "indicators.read")).OAuthErrorAsync());
        Assert.Equal("invalid_request", await (await client.ClientCredentialsTokenAsync(clientId, secret, "participation")).OAuthErrorAsync());
        Assert.Equal("invalid_scope", await (await client.ClientCredentialsTokenAsync(clientId, secret, "everything")).OAuthErrorAsync());
        Assert.Equal("invalid_client", await (await client.ClientCredentialsTokenAsync(clientId, secret + "x")).OAuthErrorAsync());

        var rotated = await factory.CreateClient().As(Roles.Coordinator).PostAsync($"/api/identity/clients/{clientId}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        Assert.Equal("invalid_client", await (await client.ClientCredentialsTokenAsync(clientId, secret)).OAuthErrorAsync());
        await (await client.ClientCredentialsTokenAsync(clientId, newSecret)).AccessTokenAsync();
    }

    [Fact]
    public async Task Only_a_coordinator_registers_partners_and_only_with_partner_scopes()
    {
        var asPartner = await factory.CreateClient().As(Roles.Partner)
            .PostAsJsonAsync("/api/identity/clients", new { name = "Someone", scopes = new[] { "studies.read" } });
        Assert.Equal(HttpStatusCode.Forbidden, asPartner.StatusCode);
        var personScope = await factory.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync("/api/identity/clients", new { name = "Someone", scopes = new[] { "participation" } });
        await personScope.AssertValidationProblemAsync("scopes");
        var secrets = await factory.CreateClient().As(Roles.Coordinator).PostAsync("/api/identity/clients/mh-all-dev/secret", null);
        await secrets.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_validates_against_the_published_jwks_as_a_resource_server_would_and_forgeries_do_not()
    {
        var (clientId, secret) = await RegisterPartnerAsync("indicators.read");
        var token = await (await factory.CreateClient().ClientCredentialsTokenAsync(clientId, secret)).AccessTokenAsync();

        var parameters = await ResourceServerParametersAsync(ResourceNames.Learning);
        var handler = new JsonWebTokenHandler();
        var valid = await handler.ValidateTokenAsync(token, parameters);
        Assert.True(valid.IsValid, valid.Exception?.Message);
        Assert.Equal(clientId, valid.ClaimsIdentity.FindFirst("sub")?.Value);

        // For another service: wrong audience.
        Assert.False((await handler.ValidateTokenAsync(token, await ResourceServerParametersAsync(ResourceNames.Participation))).IsValid);
        // alg none, a changed claim, and one signed by a stranger's key.
        var parts = token.Split('.');
        var none = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""") + "." + parts[1] + ".";
        Assert.False((await handler.ValidateTokenAsync(none, parameters)).IsValid);
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"partner\"", "\"coordinator\"");
        Assert.False((await handler.ValidateTokenAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}", parameters)).IsValid);
        var stranger = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = new JsonWebToken(token).Kid };
        var resigned = handler.CreateToken(payload, new SigningCredentials(stranger, SecurityAlgorithms.RsaSha256));
        Assert.False((await handler.ValidateTokenAsync(resigned, parameters)).IsValid);
    }

    [Fact]
    public async Task A_new_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_have_expired()
    {
        var ring = factory.Services.GetRequiredService<KeyRing>();
        var schedule = factory.Services.GetRequiredService<IOptions<KeyRotationOptions>>().Value;
        // A known starting point: a key that has just begun to sign, and no other published.
        var start = DateTimeOffset.UtcNow;
        await ring.RotateNowAsync(CancellationToken.None);
        await ring.RotateAsync(start + schedule.KeepAfterRetirement + TimeSpan.FromMinutes(1), CancellationToken.None);
        var (clientId, secret) = await RegisterPartnerAsync("training-records.write");
        var client = factory.CreateClient();
        async Task<string> IssueAsync() => await (await client.ClientCredentialsTokenAsync(clientId, secret)).AccessTokenAsync();

        var before = await IssueAsync();
        var oldKey = new JsonWebToken(before).Kid;
        Assert.Equal([oldKey], await PublishedKeyIdsAsync());

        // Shortly before the old key's time is up, the next one is published but does not sign yet.
        await ring.RotateAsync(start + schedule.SignFor - schedule.PublishAhead + TimeSpan.FromMinutes(1), CancellationToken.None);
        var published = await PublishedKeyIdsAsync();
        Assert.Equal(2, published.Count);
        var newKey = published.Single(k => k != oldKey);
        Assert.Equal(oldKey, new JsonWebToken(await IssueAsync()).Kid);

        // Its turn: it signs, and the old key is still published, so tokens it signed still validate.
        await ring.RotateAsync(start + schedule.SignFor + TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.Equal(newKey, new JsonWebToken(await IssueAsync()).Kid);
        Assert.Equal(new[] { newKey, oldKey }.Order(), (await PublishedKeyIdsAsync()).Order());
        var parameters = await ResourceServerParametersAsync(ResourceNames.Training);
        var stillValid = await new JsonWebTokenHandler().ValidateTokenAsync(before, parameters);
        Assert.True(stillValid.IsValid, stillValid.Exception?.Message);

        // Once every token it signed has expired, it is withdrawn.
        await ring.RotateAsync(start + schedule.SignFor + schedule.KeepAfterRetirement + TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.Equal([newKey], await PublishedKeyIdsAsync());
    }

    [Fact]
    public async Task The_signing_keys_are_stored_only_under_data_protection()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MhAll.Identity.Data.AccountsDbContext>();
        var keys = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.SigningKeys);
        Assert.NotEmpty(keys);
        foreach (var key in keys)
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            {
                using var rsa = System.Security.Cryptography.RSA.Create();
                rsa.ImportPkcs8PrivateKey(key.ProtectedPrivateKey, out _);
            });
        Assert.NotEmpty(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys));
    }

    [Theory]
    [InlineData("grant_type=client_credentials&client_id=%00&client_secret=x")]
    [InlineData("grant_type=password&client_id=mh-all-dev&username=a%0Ab&password=x")]
    [InlineData("grant_type=urn%3Aunknown&client_id=mh-all-dev")]
    [InlineData("grant_type=client_credentials&client_id=partner-x&client_secret=x&scope=%ED%A0%80")]
    [InlineData("grant_type=password&client_id=mh-all-dev&username=nobody%40example.org&password=&scope=panel")]
    [InlineData("")]
    public async Task Hostile_token_requests_get_an_oauth_error_never_a_server_error(string form)
    {
        var response = await factory.CreateClient().PostAsync("/connect/token",
            new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<IReadOnlyList<string>> PublishedKeyIdsAsync()
    {
        var jwks = new JsonWebKeySet(await factory.CreateClient().GetStringAsync("/.well-known/jwks"));
        return [.. jwks.Keys.Select(k => k.Kid)];
    }

    /// <summary>What a resource server configures from the discovery document and the JWKS it names.</summary>
    private async Task<TokenValidationParameters> ResourceServerParametersAsync(string audience)
    {
        var client = factory.CreateClient();
        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var issuer = discovery.GetProperty("issuer").GetString();
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        var jwks = new JsonWebKeySet(await client.GetStringAsync(jwksUri.PathAndQuery));
        return new TokenValidationParameters
        {
            ValidIssuer = issuer, ValidAudience = audience, IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256], ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}

/// <summary>The identity service as it runs outside Development.</summary>
public sealed class ProductionIdentityFactory : IdentityFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Auth:SigningKey", ""); // the tests' key is refused outside Development
        // The portal client has no defaults outside Development: a secret and a redirect URI, as a deployment gives them.
        builder.UseSetting("Identity:Portal:ClientSecret", "a-portal-secret-of-more-than-32-characters");
        builder.UseSetting("Identity:Portal:RedirectUris:0", "https://portal.example.org/signin-oidc");
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityProductionTests(ProductionIdentityFactory factory) : IClassFixture<ProductionIdentityFactory>
{
    [Fact]
    public async Task Outside_development_the_password_grant_does_not_exist()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        Assert.DoesNotContain("password", options.GrantTypes);
        var discovery = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        Assert.DoesNotContain("password", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        var attempt = await factory.CreateClient().PasswordTokenAsync(IdentityFlows.NewEmail());
        Assert.Equal("unsupported_grant_type", await attempt.OAuthErrorAsync());
    }

    [Fact]
    public async Task Outside_development_there_is_no_development_token_endpoint()
    {
        // Not mapped, so the fallback policy asks an anonymous caller to sign in (a signed-in one would get a 404).
        var attempt = await factory.CreateClient().PostAsJsonAsync(MhAll.Identity.Features.Tokens.DevelopmentTokens.Path, new { role = "coordinator" });
        await attempt.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints,
            e => e is Microsoft.AspNetCore.Routing.RouteEndpoint route && route.RoutePattern.RawText == MhAll.Identity.Features.Tokens.DevelopmentTokens.Path);
    }
}

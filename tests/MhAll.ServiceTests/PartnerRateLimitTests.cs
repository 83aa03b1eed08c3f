using System.Net;
using MhAll.Gateway;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MhAll.ServiceTests;

/// <summary>The gateway alone with a small limit per partner client, and one partner with an agreed limit of its own.</summary>
public sealed class PartnerLimitedGatewayFactory : GatewayFactory
{
    public const int PartnerLimit = 3;
    public const string AgreedClient = "partner-agreed";
    public const int AgreedLimit = 6;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:PermitLimit", "1000");
        builder.UseSetting("RateLimiting:PartnerPermitLimit", PartnerLimit.ToString());
        builder.UseSetting($"RateLimiting:Partners:{AgreedClient}", AgreedLimit.ToString());
    }
}

/// <summary>
/// Partner systems are limited per client id at the gateway, whichever token they present, with a 429 problem and
/// Retry-After; people (whose tokens name the portal as client) are limited one by one.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class PartnerRateLimitTests(PartnerLimitedGatewayFactory gateway, ResourceServers servers)
    : IClassFixture<PartnerLimitedGatewayFactory>, IClassFixture<ResourceServers>
{
    private const string Studies = "/api/participation/fhir/r4/ResearchStudy";

    private async Task<HttpStatusCode> CallAsync(string token) => (await gateway.CreateClient().WithToken(token).GetAsync(Studies)).StatusCode;

    [Fact]
    public async Task A_partner_client_over_its_limit_gets_a_429_problem_with_retry_after_whichever_token_it_uses()
    {
        var client = $"partner-{Guid.NewGuid():N}";
        for (var i = 0; i < PartnerLimitedGatewayFactory.PartnerLimit; i++)
            // A new token each time: the limit is the client's, not the token's.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await CallAsync(TestTokens.ForPartnerClient(client, PartnerScopes.StudiesRead)));

        var limited = await gateway.CreateClient().WithToken(TestTokens.ForPartnerClient(client, PartnerScopes.IndicatorsRead)).GetAsync(Studies);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Another partner is not held up by the first one's use.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await CallAsync(TestTokens.ForPartnerClient($"partner-{Guid.NewGuid():N}", PartnerScopes.StudiesRead)));
    }

    [Fact]
    public async Task A_partner_with_an_agreed_limit_has_its_own()
    {
        for (var i = 0; i < PartnerLimitedGatewayFactory.AgreedLimit; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await CallAsync(TestTokens.ForPartnerClient(PartnerLimitedGatewayFactory.AgreedClient, PartnerScopes.StudiesRead)));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(TestTokens.ForPartnerClient(PartnerLimitedGatewayFactory.AgreedClient, PartnerScopes.StudiesRead)));
    }

    [Fact]
    public async Task People_signed_in_through_the_portal_are_limited_one_by_one_not_as_the_portal()
    {
        string Person() => TestTokens.Create(new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = Guid.NewGuid().ToString(), ["role"] = Roles.Researcher, [CallerRateLimiting.ClientIdClaim] = "mh-all-portal",
        });
        var person = Person();
        for (var i = 0; i < PartnerLimitedGatewayFactory.PartnerLimit * 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await CallAsync(person));
        for (var i = 0; i < PartnerLimitedGatewayFactory.PartnerLimit * 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await CallAsync(Person()));
    }

    [Fact]
    public async Task Identitys_client_credentials_tokens_name_their_client_as_the_gateway_expects()
    {
        var token = new JsonWebToken(await servers.PartnerTokenAsync(PartnerScopes.StudiesRead));
        Assert.Equal(token.Subject, token.GetClaim(CallerRateLimiting.ClientIdClaim).Value);
        Assert.Equal(CallerRateLimiting.PartnerClientOf(new System.Security.Claims.ClaimsPrincipal(
            new System.Security.Claims.ClaimsIdentity(token.Claims, "Bearer", JwtRegisteredClaimNames.Sub, "role"))), token.Subject);
    }
}

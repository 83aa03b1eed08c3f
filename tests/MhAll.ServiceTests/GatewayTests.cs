using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MhAll.Gateway;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MhAll.ServiceTests;

/// <summary>The gateway alone (no service behind it): its own checks answer before anything is proxied.</summary>
public class GatewayFactory : WebApplicationFactory<RateLimitingOptions>
{
    public const int PermitLimit = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("RateLimiting:PermitLimit", PermitLimit.ToString());
        builder.UseSetting("RateLimiting:Window", "00:01:00");
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class GatewayTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Api_routes_need_a_valid_token()
    {
        var client = factory.CreateClient();
        await (await client.GetAsync("/api/participation/volunteers/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var forged = TestTokens.For(Roles.Volunteer)[..^4] + "AAAA";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await (await client.GetAsync("/api/learning/registrations/count")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Certificates_are_verified_without_a_sign_in_and_nothing_else_of_training_is()
    {
        var client = factory.CreateClient();
        var verify = await client.GetAsync($"/api/training/certificates/verify/{new string('a', 32)}");
        // Past the gateway's checks: with no service running behind it, the proxy itself answers.
        Assert.NotEqual(HttpStatusCode.Unauthorized, verify.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, verify.StatusCode);
        await (await client.GetAsync($"/api/training/certificates/{new string('a', 32)}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/training/certificates/verify")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/training/profiles/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task In_development_the_token_path_is_passed_to_identity_without_a_sign_in()
    {
        // The gateway mints nothing itself: identity issues the development tokens (IdentityDevelopmentTokenTests).
        var passed = await factory.CreateClient().PostAsJsonAsync(GatewayService.DevelopmentTokenPath, new { role = "researcher" });
        // Past the gateway's checks: with no identity running behind this gateway, the proxy itself answers.
        Assert.NotEqual(HttpStatusCode.Unauthorized, passed.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task Over_the_limit_a_caller_gets_429_with_retry_after()
    {
        var client = factory.CreateClient().As(Roles.Researcher);
        for (var i = 0; i < GatewayFactory.PermitLimit; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/training/courses")).StatusCode);

        var limited = await client.GetAsync("/api/training/courses");
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Another caller is not held up by the first one's use.
        var other = await factory.CreateClient().As(Roles.Researcher).GetAsync("/api/training/courses");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_one_correlation_id()
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Correlation-Id", "call-centre-42");
        var echoed = await client.SendAsync(request);
        Assert.Equal(["call-centre-42"], echoed.Headers.GetValues("X-Correlation-Id"));

        var made = await client.GetAsync("/health");
        Assert.Single(made.Headers.GetValues("X-Correlation-Id"), id => id.Length == 32);
    }

    [Fact]
    public async Task The_api_docs_page_is_public_and_lists_every_service()
    {
        var html = await factory.CreateClient().GetStringAsync("/docs/index.html");
        Assert.Contains("swagger", html, StringComparison.OrdinalIgnoreCase);
        var config = await factory.CreateClient().GetStringAsync("/docs/index.js");
        foreach (var service in ResourceNames.Services)
            Assert.Contains($"/api/{service}/openapi/v1.json", config);
    }
}

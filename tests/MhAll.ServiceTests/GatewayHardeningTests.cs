using System.Net;
using System.Net.Http.Json;
using MhAll.Gateway;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>The gateway alone with small limits per client address; the test server's connections come from loopback.</summary>
public class HardenedGatewayFactory : GatewayFactory
{
    public const int AnonymousLimit = 3;
    public const int FailureLimit = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:PermitLimit", "1000");
        builder.UseSetting("Hardening:AnonymousPermitLimit", AnonymousLimit.ToString());
        builder.UseSetting("Hardening:FailedAuthenticationLimit", FailureLimit.ToString());
        // As a load balancer on this host would connect: loopback is a trusted proxy by default.
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, FromLoopback>());
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

public sealed class ProductionGatewayFactory : HardenedGatewayFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("https_port", "443");
        builder.UseSetting("Auth:SigningKey", ""); // outside Development: identity's tokens only
        builder.UseSetting("Auth:IdentityIssuer", "https://mhall.example.org/");
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class GatewayHardeningTests(HardenedGatewayFactory factory) : IClassFixture<HardenedGatewayFactory>
{
    private HttpClient From(string address)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/api/participation/volunteers/me")]
    [InlineData("/dev/token")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await From("198.51.100.1").GetAsync(path);
        Assert.Equal(Hardening.ContentSecurityPolicy, string.Join("", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", Hardening.ContentSecurityPolicy);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
    }

    [Fact]
    public async Task Every_api_answer_is_not_to_be_stored_and_the_rest_may_be()
    {
        var client = From("198.51.100.2").As(Roles.Researcher);
        // Proxied (with no service behind this gateway, the proxy itself answers), refused, and the gateway's own.
        foreach (var response in new[]
                 {
                     await client.GetAsync("/api/training/courses"),
                     await From("198.51.100.2").GetAsync("/api/participation/volunteers/me"),
                     await From("198.51.100.2").PostAsJsonAsync("/dev/token", new { role = "researcher" }),
                 })
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: {response.Headers.CacheControl}");
        Assert.NotEqual(true, (await From("198.51.100.2").GetAsync("/docs/index.html")).Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Anonymous_sign_up_traffic_is_limited_per_client_address_with_a_429_and_retry_after()
    {
        var first = From("203.0.113.7");
        for (var i = 0; i < HardenedGatewayFactory.AnonymousLimit; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await first.SignUpAsync(IdentityFlows.NewEmail())).StatusCode);
        var limited = await first.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password" }));
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Another address behind the same trusted proxy is not held up.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await From("203.0.113.8").SignUpAsync(IdentityFlows.NewEmail())).StatusCode);
    }

    [Fact]
    public async Task Failed_authentication_is_limited_per_client_address_and_then_even_a_good_token_waits()
    {
        var guesser = From("203.0.113.20");
        for (var i = 0; i < HardenedGatewayFactory.FailureLimit; i++)
            await (await guesser.GetAsync("/api/participation/volunteers/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await guesser.As(Roles.Volunteer).GetAsync("/api/participation/volunteers/me");
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var other = await From("203.0.113.21").As(Roles.Volunteer).GetAsync("/api/participation/volunteers/me");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, other.StatusCode);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class ProductionGatewayTests(ProductionGatewayFactory factory) : IClassFixture<ProductionGatewayFactory>
{
    [Fact]
    public async Task Outside_development_http_is_redirected_to_https_with_hsts_and_there_is_no_development_token()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("http://mhall.example.org"),
        });
        var plain = await client.GetAsync("/api/training/courses");
        Assert.True(plain.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect);
        Assert.Equal("https", plain.Headers.Location?.Scheme);

        var secure = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://mhall.example.org"),
        });
        var answer = await secure.GetAsync("/health");
        Assert.Contains("max-age=31536000", string.Join("", answer.Headers.GetValues("Strict-Transport-Security")));
        // Not mapped: the fallback policy asks an anonymous caller to sign in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await secure.PostAsJsonAsync("/dev/token", new { role = "coordinator" })).StatusCode);
        // And a development token, signed with the key the tests use, is no token here.
        var dev = await secure.As(Roles.Coordinator).GetAsync("/api/training/courses");
        Assert.Equal(HttpStatusCode.Unauthorized, dev.StatusCode);
    }
}

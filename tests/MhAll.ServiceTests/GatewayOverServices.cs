using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Gateway;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace MhAll.ServiceTests;

/// <summary>
/// The gateway in front of identity, Participation, Learning and Training, each in-process, as the AppHost wires them
/// in Development: the gateway proxies to each service by its name, and everyone reads identity's keys from identity.
/// No HMAC key at the gateway: a token that passes here is identity's (its <c>/dev/token</c> ones included).
/// </summary>
public sealed class GatewayOverServices : IAsyncLifetime
{
    public ResourceServers Services { get; } = new();
    public ComposedGatewayFactory Gateway { get; }

    public GatewayOverServices() => Gateway = new ComposedGatewayFactory(this);

    public async Task InitializeAsync() => await Services.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Services.DisposeAsync();
    }

    /// <summary>The in-process server a proxied request's host names.</summary>
    internal TestServer ServerFor(string host) => host switch
    {
        ResourceNames.Identity => Services.Identity.Server,
        ResourceNames.Participation => Services.Participation.Server,
        ResourceNames.Learning => Services.Learning.Server,
        ResourceNames.Training => Services.Training.Server,
        _ => throw new InvalidOperationException($"No service {host} in this fixture."),
    };

    /// <summary>A client of the gateway signed in with a development token from identity, through the gateway, as a person gets one.</summary>
    public async Task<(HttpClient Client, string Subject)> SignedInAsync(string role, string? subject = null)
    {
        var client = Gateway.CreateClient();
        var response = await client.PostAsJsonAsync(GatewayService.DevelopmentTokenPath, new { role, subject });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var token = JsonDocument.Parse(body).RootElement;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return (client, token.GetProperty("subject").GetString()!);
    }
}

public sealed class ComposedGatewayFactory(GatewayOverServices fixture) : WebApplicationFactory<RateLimitingOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Auth:SigningKey", ""); // identity's tokens only, as the AppHost runs it
        builder.UseSetting(IdentityTokens.IssuerKey, IdentityFactory.Issuer);
        builder.UseSetting(IdentityTokens.JwksKey, IdentityFactory.Issuer + ".well-known/jwks");
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(IdentityTokens.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fixture.Services.Identity.Server.CreateHandler());
            services.RemoveAll<IForwarderHttpClientFactory>();
            services.AddSingleton<IForwarderHttpClientFactory>(new ToTestServers(fixture));
        });
    }

    /// <summary>YARP's outgoing calls go to the in-process server the destination's host names.</summary>
    private sealed class ToTestServers(GatewayOverServices fixture) : IForwarderHttpClientFactory
    {
        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => new(new ByHost(fixture), disposeHandler: true);
    }

    private sealed class ByHost(GatewayOverServices fixture) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            new HttpMessageInvoker(fixture.ServerFor(request.RequestUri!.Host).CreateHandler()).SendAsync(request, ct);
    }
}

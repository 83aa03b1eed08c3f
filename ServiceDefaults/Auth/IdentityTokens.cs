using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceDefaults.Auth;

/// <summary>
/// The identity service's tokens, the only ones a host accepts outside the tests (which configure their own HMAC key;
/// docs/decisions/0012-identity.md), development tokens included: RS256 only, issued by <c>Auth:IdentityIssuer</c> (the gateway's public address),
/// for an audience this host serves, checked against identity's JWKS. The keys are read from identity itself through
/// service discovery (<c>Auth:IdentityJwks</c>), not from the public address the discovery document names (that is the
/// gateway), cached, and read again on a token with an unknown key id. Off when <c>Auth:IdentityIssuer</c> is not set:
/// a service or the gateway started alone, and the identity service itself (which knows its keys first-hand).
/// </summary>
public static class IdentityTokens
{
    public const string IssuerKey = "Auth:IdentityIssuer";
    public const string JwksKey = "Auth:IdentityJwks";
    public const string HttpClientName = "identity-jwks";

    public static TBuilder AddIdentityTokens<TBuilder>(this TBuilder builder, IReadOnlyList<string> audiences) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Configuration[IssuerKey] is not { Length: > 0 } configured)
        {
            // Outside Development these are the only tokens there are; identity itself knows its keys first-hand.
            if (!builder.Environment.IsDevelopment() && audiences is not [ResourceNames.Identity])
                throw new InvalidOperationException($"{IssuerKey} must be set outside Development: it names the identity service whose tokens this host accepts.");
            return builder;
        }
        var issuer = new Uri(configured).AbsoluteUri; // as identity writes it: with the trailing slash
        var jwks = builder.Configuration[JwksKey] ?? $"http://{ResourceNames.Identity}/.well-known/jwks";
        builder.Services.AddHttpClient(HttpClientName);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<IHttpClientFactory>((jwt, http) =>
            {
                var retriever = new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = false }; // inside the network
                jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(jwks, new JwksRetriever(issuer), retriever)
                {
                    AutomaticRefreshInterval = TimeSpan.FromHours(1),
                    RefreshInterval = TimeSpan.FromSeconds(30), // at most this often on an unknown kid
                };
                var platform = jwt.TokenValidationParameters;
                jwt.TokenValidationParameters = platform.Clone();
                // The handler adds the configuration's issuer and keys to these.
                jwt.TokenValidationParameters.ValidAudiences = [platform.ValidAudience, .. audiences];
                jwt.TokenValidationParameters.ValidAlgorithms = [.. platform.ValidAlgorithms ?? [], SecurityAlgorithms.RsaSha256];
            });
        return builder;
    }

    /// <summary>
    /// Reads a bare JWKS document as a configuration with the configured issuer. While identity cannot be reached it
    /// answers with no keys rather than failing: tokens are refused with a 401, never a 500, and a token of identity's (an
    /// unknown key id) asks for the keys again, at most every 30 seconds.
    /// </summary>
    private sealed class JwksRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address };
            try
            {
                configuration.JsonWebKeySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
                foreach (var key in configuration.JsonWebKeySet.GetSigningKeys()) configuration.SigningKeys.Add(key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // identity is not up yet, or is down: no keys for now
            }
            return configuration;
        }
    }
}

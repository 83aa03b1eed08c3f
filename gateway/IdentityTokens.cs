using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.Gateway;

/// <summary>
/// The gateway accepts the identity service's tokens beside the development tokens (the first step of phase 2,
/// docs/decisions/0013-identity.md): RS256 only, issued by <c>Identity:Issuer</c> (the gateway's own public address),
/// for one of the platform's services, checked against identity's JWKS. The keys are read from identity itself through
/// service discovery, not from the public address the discovery document names (that is this gateway), cached, and
/// read again on a token with an unknown key id. Off when <c>Identity:Issuer</c> is not set (the gateway alone).
/// </summary>
public static class IdentityTokens
{
    public const string HttpClientName = "identity-jwks";

    public static WebApplicationBuilder AddIdentityTokens(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Identity:Issuer"] is not { Length: > 0 } configured) return builder;
        var issuer = new Uri(configured).AbsoluteUri; // as identity writes it: with the trailing slash
        var jwks = builder.Configuration["Identity:Jwks"] ?? $"http://{ResourceNames.Identity}/.well-known/jwks";
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
                jwt.TokenValidationParameters.ValidAudiences = [platform.ValidAudience, .. ResourceNames.Services];
                jwt.TokenValidationParameters.ValidAlgorithms = [.. platform.ValidAlgorithms ?? [], SecurityAlgorithms.RsaSha256];
            });
        return builder;
    }

    /// <summary>Reads a bare JWKS document as a configuration with the configured issuer.</summary>
    private sealed class JwksRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address, JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys()) configuration.SigningKeys.Add(key);
            return configuration;
        }
    }
}

using MhAll.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Configuration;

namespace MhAll.Gateway;

/// <summary>
/// Routes <c>/api/{service}/**</c> to each service found through Aspire service discovery. The gateway checks
/// every token as well as passing it on (the services check it again, and the role); only the API documents and
/// <see cref="PublicRoutes"/> (the certificate check, sign-up and the OpenID Connect endpoints) are anonymous. Every API route is rate limited per caller.
/// </summary>
public static class GatewayService
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(builder.Environment.IsDevelopment()), Clusters())
            .AddServiceDiscoveryDestinationResolver();
        builder.AddHardening();
        builder.AddCallerRateLimiting();
        builder.AddIdentityTokens(ResourceNames.Services); // a token for any service passes here; each service checks its own
        return builder;
    }

    /// <summary>One browsable UI at <c>/docs</c> listing every service's OpenAPI document; before authentication, as it is public.</summary>
    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.DocumentTitle = "MH-ALL API";
            foreach (var service in ResourceNames.Services)
                ui.SwaggerEndpoint($"/api/{service}/openapi/v1.json", $"{char.ToUpperInvariant(service[0])}{service[1..]}");
        });
        return app;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapReverseProxy().ScopeCheckedDownstream(); // only the service knows the scope each of its endpoints needs
        app.MapGet("/", () => TypedResults.Redirect("/docs")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Service paths anyone may call without signing in, each also <c>AllowAnonymous</c> in its service: an employer
    /// checks a Training certificate by its code; a person signs up, verifies their email and resets their password
    /// before they have a token; and the OpenID Connect endpoints (discovery, JWKS, token) are identity's, at the root
    /// as the protocol expects, so the issuer is the gateway itself, with identity's sign-in page under <c>/account</c>
    /// beside them (docs/decisions/0012-identity.md).
    /// </summary>
    /// <remarks>Sign-up, verification, reset and the token endpoint are where passwords and codes are guessed: they have
    /// the tighter limit per client address, <see cref="Hardening.AnonymousPolicy"/>.</remarks>
    public static readonly IReadOnlyList<(string Service, string Path, string RateLimit)> PublicRoutes =
    [
        (ResourceNames.Training, "/api/training/certificates/verify/{code}", CallerRateLimiting.Policy),
        (ResourceNames.Identity, "/api/identity/accounts", Hardening.AnonymousPolicy),
        (ResourceNames.Identity, "/api/identity/accounts/verification", Hardening.AnonymousPolicy),
        (ResourceNames.Identity, "/api/identity/password-reset", Hardening.AnonymousPolicy),
        (ResourceNames.Identity, "/api/identity/password-reset/confirm", Hardening.AnonymousPolicy),
        (ResourceNames.Identity, "/.well-known/{**rest}", CallerRateLimiting.Policy),
        (ResourceNames.Identity, "/connect/{**rest}", Hardening.AnonymousPolicy),
        (ResourceNames.Identity, "/account/{**rest}", Hardening.AnonymousPolicy),
    ];

    /// <summary>
    /// Identity's development tokens (<c>POST /dev/token</c>, any role), routed in Development alone: elsewhere the path
    /// is no route here (the fallback policy answers 401) and no endpoint at identity (404).
    /// </summary>
    public const string DevelopmentTokenPath = "/dev/token";

    private static IReadOnlyList<RouteConfig> Routes(bool development) => PublicRoutes
        .Concat(development ? [(ResourceNames.Identity, DevelopmentTokenPath, Hardening.AnonymousPolicy)] : [])
        .Select((route, i) => new RouteConfig
    {
        RouteId = $"{route.Service}-public-{i}",
        ClusterId = route.Service,
        Match = new RouteMatch { Path = route.Path },
        AuthorizationPolicy = "anonymous",
        RateLimiterPolicy = route.RateLimit,
    }).Concat(ResourceNames.Services.SelectMany(service => new[]
    {
        new RouteConfig
        {
            RouteId = $"{service}-docs",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/api/{service}/openapi/{{**rest}}" },
            AuthorizationPolicy = "anonymous",
            RateLimiterPolicy = CallerRateLimiting.Policy,
        },
        new RouteConfig
        {
            RouteId = service,
            ClusterId = service,
            Match = new RouteMatch { Path = $"/api/{service}/{{**rest}}" },
            AuthorizationPolicy = Policies.Authenticated,
            RateLimiterPolicy = CallerRateLimiting.Policy,
        },
    })).ToList();

    private static IReadOnlyList<ClusterConfig> Clusters() => ResourceNames.Services.Select(service => new ClusterConfig
    {
        ClusterId = service,
        Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = $"http://{service}" } },
    }).ToList();
}

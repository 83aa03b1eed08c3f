using MhAll.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Configuration;

namespace MhAll.Gateway;

/// <summary>
/// Routes <c>/api/{service}/**</c> to each service found through Aspire service discovery. The gateway checks
/// every token as well as passing it on (the services check it again, and the role); only the API documents
/// are anonymous. Every API route is rate limited per caller.
/// </summary>
public static class GatewayService
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(), Clusters())
            .AddServiceDiscoveryDestinationResolver();
        builder.AddCallerRateLimiting();
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
        app.MapReverseProxy();
        app.MapGet("/", () => TypedResults.Redirect("/docs")).AllowAnonymous().ExcludeFromDescription();
        if (app.Environment.IsDevelopment()) app.MapDevelopmentTokens();
        return app;
    }

    private static IReadOnlyList<RouteConfig> Routes() => ResourceNames.Services.SelectMany(service => new[]
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
    }).ToList();

    private static IReadOnlyList<ClusterConfig> Clusters() => ResourceNames.Services.Select(service => new ClusterConfig
    {
        ClusterId = service,
        Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = $"http://{service}" } },
    }).ToList();
}

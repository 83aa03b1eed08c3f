using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every MH-ALL web host (the five services and the gateway) is built with.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Activity sources and meters of our own and of the libraries we trace through.</summary>
    public static readonly string[] TelemetrySources = ["MhAll.Messaging", "MhAll.Participation", "MassTransit", "Npgsql", "Yarp.ReverseProxy"];

    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsExceptionHandler.Enrich);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Binding failures throw in every environment, so the handler can name the field at fault.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 1024 * 1024);

        builder.AddMhAllAuthentication();
        return builder;
    }

    /// <summary>
    /// One JSON dialect for every API: camelCase, enums as kebab-case strings, unknown fields rejected, and every
    /// string and list held to the input guard's rules (docs/decisions/0006).
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(InputGuard.Modify);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(l => { l.IncludeFormattedMessage = true; l.IncludeScopes = true; });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter(TelemetrySources))
            .WithTracing(t => t.SetSampler(new MhAll.ServiceDefaults.BackgroundDatabaseCallSampler())
                .AddSource(builder.Environment.ApplicationName).AddSource(TelemetrySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments(HealthPath) && !ctx.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// The middleware every host runs, in order: correlation id, errors as problem details, authentication and
    /// authorisation, the input guard on query and route values. <paramref name="beforeAuthentication"/> runs just before
    /// authentication (the gateway's limit on failed authentication).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Action<IApplicationBuilder>? beforeAuthentication = null)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        beforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<QueryInputGuard>();
        return app;
    }

    /// <summary>Health endpoints in every environment: <c>/health</c> (ready: all checks) and <c>/alive</c> (live).</summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(HealthPath).AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        return app;
    }
}

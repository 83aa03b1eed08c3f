using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace MhAll.ServiceDefaults.Http;

/// <summary>The API surface of a service: its OpenAPI document, served under the service's own path prefix.</summary>
public static class ServiceApiExtensions
{
    public static TBuilder AddServiceApi<TBuilder>(this TBuilder builder, string service) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(o =>
        {
            // Features nest their request and response records (StudyEndpoints.StatusChange, Surveys.StatusChange):
            // name a nested type's schema after its feature too, or two shapes would share one name.
            o.CreateSchemaReferenceId = type => type.Type.IsNested && OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } name
                ? type.Type.DeclaringType!.Name + name
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"MH-ALL {service} API";
                // Relative to wherever the document is read from: through the gateway, calls go through the gateway.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = "A token for one of the roles volunteer, researcher, staff, panel-member, coordinator, partner.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        // Identity's tokens, for this service only (their audience is the service's name).
        builder.AddIdentityTokens([service]);
        return builder;
    }

    /// <summary>The path prefix every endpoint of a service lives under, e.g. <c>/api/participation</c>.</summary>
    public static string PrefixOf(string service) => $"/api/{service}";

    public static IEndpointRouteBuilder MapServiceApi(this IEndpointRouteBuilder app, string service)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi($"{PrefixOf(service)}/openapi/{{documentName}}.json").AllowAnonymous();
        return app;
    }
}

using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Features.Clients;

/// <summary>
/// A coordinator registers a partner ICS system as a client: it gets tokens by client credentials, for the scopes
/// granted here only. The secret is in this answer and nowhere else: OpenIddict keeps only a hash of it.
/// </summary>
public static class RegisterClient
{
    public sealed record Request(string? Name, IReadOnlyList<string>? Scopes);

    public static RouteGroupBuilder MapRegisterClient(this RouteGroupBuilder group)
    {
        group.MapPost("/clients", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RegisterClient")
            .WithSummary("Register a partner system: its name and scopes (studies.read, indicators.read, training-records.write). The secret is shown once.");
        return group;
    }

    private static async Task<Results<Created<PartnerClients.Credentials>, ValidationProblem>> HandleAsync(Request request, HttpContext http,
        IOpenIddictApplicationManager applications, ILogger<Request> logger, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("name", request.Name, InputLimits.Text)
            .SubsetOf("scopes", request.Scopes, ApiScopes.ForPartners, atLeast: 1);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var credentials = new PartnerClients.Credentials(PartnerClients.NewClientId(), PartnerClients.NewSecret(), [.. request.Scopes!.Order(StringComparer.Ordinal)]);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = credentials.ClientId,
            ClientSecret = credentials.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = request.Name!.Trim(),
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in credentials.Scopes) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        await applications.CreateAsync(descriptor, ct);
        logger.LogInformation("Coordinator {Coordinator} registered partner client {ClientId} with {Scopes}", http.User.SubjectId(),
            credentials.ClientId, string.Join(" ", credentials.Scopes));
        return TypedResults.Created($"/api/identity/clients/{credentials.ClientId}", credentials);
    }
}

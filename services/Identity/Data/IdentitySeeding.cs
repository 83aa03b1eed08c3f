using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Data;

/// <summary>What the service needs in its database before it takes requests; safe to run again.</summary>
public static class IdentitySeeding
{
    /// <summary>The public client of the Development-only password grant (tests, trying the API). Never created elsewhere.</summary>
    public const string DevelopmentClientId = "mh-all-dev";

    public static async Task SeedAsync(IServiceProvider services, bool development, CancellationToken ct)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AccountRoles.ForPeople)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var scopes = services.GetRequiredService<IOpenIddictScopeManager>();
        foreach (var (scope, audience) in ApiScopes.AudienceOf)
            if (await scopes.FindByNameAsync(scope, ct) is null)
                await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = scope, Resources = { audience } }, ct);

        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        await SeedPortalAsync(applications, services.GetRequiredService<IOptions<IdentitySettings>>().Value.Portal, development, ct);

        if (!development) return;
        if (await applications.FindByClientIdAsync(DevelopmentClientId, ct) is null)
        {
            var client = new OpenIddictApplicationDescriptor
            {
                ClientId = DevelopmentClientId,
                ClientType = ClientTypes.Public,
                DisplayName = "Development only: people's tokens by password",
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.Password },
            };
            foreach (var scope in ApiScopes.ForPeople) client.Permissions.Add(Permissions.Prefixes.Scope + scope);
            await applications.CreateAsync(client, ct);
        }
    }

    /// <summary>
    /// The portal's client, brought in line with configuration on every start (a rotated secret or a new redirect URI
    /// takes effect on restart). First-party: implicit consent, so no consent screen; PKCE required.
    /// </summary>
    private static async Task SeedPortalAsync(IOpenIddictApplicationManager applications, PortalClientSettings portal, bool development, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientSettings.ClientId,
            ClientSecret = portal.ClientSecret is { Length: > 0 } secret ? secret
                : development ? PortalClientSettings.DevelopmentSecret
                : throw new InvalidOperationException("Identity:Portal:ClientSecret must be set outside Development."),
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "MH-ALL portal",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var scope in ApiScopes.ForPeople) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        foreach (var uri in portal.RedirectUris is { Count: > 0 } r ? r : development ? [PortalClientSettings.DevelopmentRedirectUri] : [])
            descriptor.RedirectUris.Add(uri);
        foreach (var uri in portal.PostLogoutRedirectUris is { Count: > 0 } r ? r : development ? [PortalClientSettings.DevelopmentPostLogoutRedirectUri] : [])
            descriptor.PostLogoutRedirectUris.Add(uri);

        if (await applications.FindByClientIdAsync(PortalClientSettings.ClientId, ct) is { } existing)
            await applications.UpdateAsync(existing, descriptor, ct); // hashes the secret afresh
        else
            await applications.CreateAsync(descriptor, ct);
    }
}

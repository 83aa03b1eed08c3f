using Microsoft.AspNetCore.Identity;
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

        if (!development) return;
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
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
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Identity.Data;

/// <summary>
/// The identity service's own database: ASP.NET Core Identity's accounts and roles, OpenIddict's clients, scopes and
/// tokens, the service's signing keys and the Data Protection keys that protect them.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityDbContext<Account>(options), IDataProtectionKeyContext
{
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    private static readonly Dictionary<string, string> TableNames = new()
    {
        ["AspNetUsers"] = "accounts", ["AspNetRoles"] = "roles", ["AspNetUserRoles"] = "account_roles",
        ["AspNetUserClaims"] = "account_claims", ["AspNetUserLogins"] = "account_logins", ["AspNetUserTokens"] = "account_tokens",
        ["AspNetRoleClaims"] = "role_claims", ["OpenIddictApplications"] = "openiddict_applications",
        ["OpenIddictAuthorizations"] = "openiddict_authorizations", ["OpenIddictScopes"] = "openiddict_scopes",
        ["OpenIddictTokens"] = "openiddict_tokens",
    };

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.UseOpenIddict();
        // Both libraries name their tables themselves; ours are snake_case, as in every service.
        foreach (var entity in model.Model.GetEntityTypes())
            if (entity.GetTableName() is { } table && TableNames.TryGetValue(table, out var name)) entity.SetTableName(name);
        model.Entity<SigningKey>(key =>
        {
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Use).HasMaxLength(8);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class AccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AccountsDbContext>()
        .UseNpgsql("Host=localhost;Database=identity").UseSnakeCaseNamingConvention().Options);
}

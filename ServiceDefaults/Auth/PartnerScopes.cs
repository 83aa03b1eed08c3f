using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MhAll.ServiceDefaults.Auth;

/// <summary>
/// The scopes of partner systems' tokens, and the one rule that applies them (docs/decisions/0012-identity.md): a token of
/// a partner client (role <c>partner</c>, issued by identity by client credentials, so it carries <c>scope</c>) reaches
/// only an endpoint that names, with <see cref="RequireScope{TBuilder}"/>, a scope the token holds. An endpoint that names
/// none is closed to such tokens, whatever its role policy says: a partner gets what it was granted, not what the
/// partner role could reach. People's tokens are governed by their roles and audiences alone. The development tokens
/// (identity's <c>/dev/token</c>, and the tests') carry no scope and are not scope-checked; they exist only in Development.
/// </summary>
public static class PartnerScopes
{
    public const string StudiesRead = "studies.read";
    public const string IndicatorsRead = "indicators.read";
    public const string TrainingRecordsWrite = "training-records.write";

    public static readonly IReadOnlyList<string> All = [StudiesRead, IndicatorsRead, TrainingRecordsWrite];

    /// <summary>The claim OpenIddict writes the granted scopes to, space-separated.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>A partner token holding <paramref name="scope"/> may call this endpoint (if its role policy lets a partner in).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));

    /// <summary>The gateway's proxied routes: the service behind checks the scope, as only it knows what each endpoint needs.</summary>
    public static TBuilder ScopeCheckedDownstream<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(RequiredScope.Downstream));

    /// <summary>The scopes a principal's token holds, or none for a token without the claim.</summary>
    public static IReadOnlySet<string> ScopesOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindAll(ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Endpoint metadata: a scope that admits a partner token.</summary>
public sealed record RequiredScope(string Scope)
{
    internal const string Downstream = "*downstream*";
}

/// <summary>Part of every policy, the fallback included (<see cref="AuthenticationExtensions.AddMhAllAuthentication{TBuilder}"/>).</summary>
public sealed class PartnerScopeRequirement : AuthorizationHandler<PartnerScopeRequirement>, IAuthorizationRequirement
{
    public static readonly PartnerScopeRequirement Instance = new();

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PartnerScopeRequirement requirement)
    {
        var user = context.User;
        if (!user.IsInRole(Roles.Partner) || !user.HasClaim(c => c.Type == PartnerScopes.ScopeClaim))
        {
            context.Succeed(requirement); // not a partner client's token: roles decide
            return Task.CompletedTask;
        }
        var endpoint = context.Resource switch
        {
            HttpContext http => http.GetEndpoint(),
            Endpoint e => e,
            _ => null,
        };
        var required = endpoint?.Metadata.GetOrderedMetadata<RequiredScope>() ?? [];
        var held = PartnerScopes.ScopesOf(user);
        if (required.Any(r => r.Scope == RequiredScope.Downstream || held.Contains(r.Scope)))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, "The token holds none of the scopes this endpoint needs."));
        return Task.CompletedTask;
    }
}

using Microsoft.Extensions.Configuration;

namespace MhAll.AppHost;

/// <summary>
/// How the services run (<c>Run:Mode</c>; <c>eng/run.sh</c> says which). <c>development</c>, the default: every
/// service in Development, with identity's <c>/dev/token</c> and the defaults a person trying it needs.
/// <c>production-like</c>: every service and the gateway as in production (ASPNETCORE_ENVIRONMENT=Production): no
/// development tokens or password grant, identity's RS256 tokens only, and the secrets a deployment must give.
/// </summary>
public enum RunMode { Development, ProductionLike }

public static class RunModes
{
    public const string Key = "Run:Mode";

    /// <summary>The portal client's secret and redirect address: identity has no defaults for them outside Development.</summary>
    public const string PortalSecret = "identity-portal-client-secret";
    public const string PortalRedirectUri = "identity-portal-redirect-uri";

    /// <summary>The mode named, Development when none is; null for a name that is neither.</summary>
    public static RunMode? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "development" => RunMode.Development,
        "production-like" => RunMode.ProductionLike,
        _ => null,
    };

    /// <summary>What production-like needs and is not given, one sentence each saying how to give it; empty when all is there.</summary>
    public static IReadOnlyList<string> Missing(IConfiguration configuration)
    {
        var missing = new List<string>();
        if (configuration[$"Parameters:{PortalSecret}"] is not { Length: >= 32 })
            missing.Add($"the portal client's secret, 32 characters or more: --Parameters:{PortalSecret}=... (or in user secrets)");
        if (!Uri.TryCreate(configuration[$"Parameters:{PortalRedirectUri}"], UriKind.Absolute, out _))
            missing.Add($"the portal's sign-in callback, an absolute URL: --Parameters:{PortalRedirectUri}=https://.../signin-oidc");
        // The tests' HMAC key has no place outside Development: a service there refuses to start with it.
        if (!string.IsNullOrEmpty(configuration["Auth:SigningKey"]))
            missing.Add("no Auth:SigningKey: that is the tests' key, and production-like accepts identity's tokens only (unset it)");
        return missing;
    }
}

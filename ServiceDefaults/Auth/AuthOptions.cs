using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceDefaults.Auth;

/// <summary>Bearer token settings, section <c>Auth</c>. Every service and the gateway validate the same tokens.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Used only in Development when no key is configured, so a service started alone still works.</summary>
    internal const string DevelopmentFallbackKey = "mh-all-development-only-signing-key-not-for-production-use";

    public string Issuer { get; set; } = "mh-all";
    public string Audience { get; set; } = "mh-all-api";
    /// <summary>HMAC-SHA256 key, at least 32 characters. Required outside Development.</summary>
    public string? SigningKey { get; set; }
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey
        ?? throw new InvalidOperationException("Auth:SigningKey is not configured.")));
}

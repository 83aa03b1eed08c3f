using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceDefaults.Auth;

/// <summary>
/// Issues signed tokens for any role. Only registered in Development (and by tests): in production the
/// tokens come from the organisation's identity provider and this class is never reachable.
/// </summary>
public sealed class DevelopmentTokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public string Issue(string subject, params string[] roles)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject };
        if (roles.Length > 0) claims["role"] = roles.Length == 1 ? roles[0] : roles;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.CreateKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

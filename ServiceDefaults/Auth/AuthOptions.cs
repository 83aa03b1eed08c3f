using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceDefaults.Auth;

/// <summary>
/// Bearer token settings, section <c>Auth</c>. The tokens that count are identity's (RS256, <see cref="IdentityTokens"/>);
/// these settings describe the tests' HMAC tokens only.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "mh-all";
    public string Audience { get; set; } = "mh-all-api";
    /// <summary>
    /// A test key: HMAC-SHA256, at least 32 characters, set only by the test fixtures (tests/MhAll.Testing) so that a
    /// service in-process accepts the tokens they mint. Accepted in Development alone, refused at start elsewhere; the
    /// AppHost hands out no such key (people's development tokens come from identity's <c>/dev/token</c>).
    /// </summary>
    public string? SigningKey { get; set; }
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey
        ?? throw new InvalidOperationException("Auth:SigningKey is not configured.")));
}

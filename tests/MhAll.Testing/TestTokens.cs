using System.Net.Http.Headers;
using MhAll.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.Testing;

/// <summary>
/// Signs tokens for any role and subject with the tests' own HMAC key, which the test fixtures alone give a service
/// (<c>Auth:SigningKey</c>, accepted in Development only). Nothing outside the tests holds or hands out this key: a
/// person's development token comes from identity's <c>/dev/token</c>, signed with identity's keys.
/// </summary>
public static class TestTokens
{
    public const string SigningKey = "mh-all-tests-signing-key-0123456789-abcdefghij";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static string For(string role, string? subject = null) =>
        Create(new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject ?? Guid.NewGuid().ToString(), ["role"] = role });

    /// <summary>A partner system's client-credentials token as identity issues it: its client id as subject and <c>client_id</c>, and its scopes.</summary>
    public static string ForPartnerClient(string clientId, params string[] scopes) => Create(new Dictionary<string, object>
    {
        [JwtRegisteredClaimNames.Sub] = clientId, ["client_id"] = clientId, ["role"] = Roles.Partner, [PartnerScopes.ScopeClaim] = string.Join(' ', scopes),
    });

    /// <summary>A well-signed token with a role but no subject ("sub"), as a misconfigured identity provider might issue.</summary>
    public static string WithoutSubject(string role) => Create(new Dictionary<string, object> { ["role"] = role });

    /// <summary>A token with exactly these claims.</summary>
    public static string Create(Dictionary<string, object> claims)
    {
        var settings = new AuthOptions { SigningKey = SigningKey };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer, Audience = settings.Audience, Claims = claims,
            IssuedAt = now, NotBefore = now, Expires = now.Add(Lifetime),
            SigningCredentials = new SigningCredentials(settings.CreateKey(), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpClient As(this HttpClient client, string role, string? subject = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, subject));
        return client;
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

using System.Net.Http.Headers;
using MhAll.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.Testing;

/// <summary>Signs tokens with the key the service factories configure, for any role and subject.</summary>
public static class TestTokens
{
    public const string SigningKey = "mh-all-tests-signing-key-0123456789-abcdefghij";

    private static readonly DevelopmentTokenIssuer Issuer =
        new(Options.Create(new AuthOptions { SigningKey = SigningKey }), TimeProvider.System);

    public static string For(string role, string? subject = null) => Issuer.Issue(subject ?? Guid.NewGuid().ToString(), role);

    /// <summary>A well-signed token with a role but no subject ("sub"), as a misconfigured identity provider might issue.</summary>
    public static string WithoutSubject(string role)
    {
        var settings = new AuthOptions { SigningKey = SigningKey };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer, Audience = settings.Audience, Claims = new Dictionary<string, object> { ["role"] = role },
            IssuedAt = now, NotBefore = now, Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(settings.CreateKey(), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpClient As(this HttpClient client, string role, string? subject = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, subject));
        return client;
    }
}

using System.Net.Http.Headers;
using MhAll.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace MhAll.Testing;

/// <summary>Signs tokens with the key the service factories configure, for any role and subject.</summary>
public static class TestTokens
{
    public const string SigningKey = "mh-all-tests-signing-key-0123456789-abcdefghij";

    private static readonly DevelopmentTokenIssuer Issuer =
        new(Options.Create(new AuthOptions { SigningKey = SigningKey }), TimeProvider.System);

    public static string For(string role, string? subject = null) => Issuer.Issue(subject ?? Guid.NewGuid().ToString(), role);

    public static HttpClient As(this HttpClient client, string role, string? subject = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, subject));
        return client;
    }
}

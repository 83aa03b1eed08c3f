using System.Security.Cryptography;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Features.Clients;

/// <summary>What the partner-client endpoints share: new ids and secrets, and the scopes a client holds.</summary>
public static class PartnerClients
{
    public const string IdPrefix = "partner-";

    public sealed record Credentials(string ClientId, string ClientSecret, IReadOnlyList<string> Scopes);

    public static string NewClientId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>256 random bits; shown once, stored only as OpenIddict's hash of it.</summary>
    public static string NewSecret() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static async Task<IReadOnlyList<string>> ScopesOfAsync(IOpenIddictApplicationManager applications, object client, CancellationToken ct) =>
        [.. (await applications.GetPermissionsAsync(client, ct))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]).Order(StringComparer.Ordinal)];

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

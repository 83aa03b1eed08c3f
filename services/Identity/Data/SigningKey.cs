namespace MhAll.Identity.Data;

/// <summary>
/// One of the identity service's own RSA keys. The private key is kept only as Data Protection ciphertext; the public
/// half of every signing key still in use is published at the JWKS endpoint. See docs/decisions/0012-identity.md.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The key id, the <c>kid</c> of the tokens it signs and of its JWKS entry.</summary>
    public required string Id { get; init; }
    /// <summary><see cref="KeyUses.Signing"/> or <see cref="KeyUses.Encryption"/>.</summary>
    public required string Use { get; init; }
    /// <summary>PKCS#8 private key, protected with Data Protection (purpose <see cref="Keys.KeyRing.ProtectorPurpose"/>).</summary>
    public required byte[] ProtectedPrivateKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it began to sign; null while it is only published, ready to take over.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }
    /// <summary>When a newer key took over; it stays published until the tokens it signed have expired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}

public static class KeyUses
{
    public const string Signing = "sig";
    public const string Encryption = "enc";
}

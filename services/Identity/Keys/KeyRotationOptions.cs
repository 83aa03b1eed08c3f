namespace MhAll.Identity.Keys;

/// <summary>The schedule of the signing keys, section <c>Identity:Keys</c>. See docs/decisions/0012-identity.md.</summary>
public sealed class KeyRotationOptions
{
    public const string Section = "Identity:Keys";

    /// <summary>How long a key signs before the next one takes over.</summary>
    public TimeSpan SignFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long the next key is published before it signs: longer than any resource server caches the JWKS (JwtBearer
    /// refreshes at least every 12 hours, and at once on an unknown <c>kid</c>).
    /// </summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a retired key stays published: at least the access-token lifetime plus clock skew.</summary>
    public TimeSpan KeepAfterRetirement { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often each replica looks at the schedule and reloads the keys others may have changed.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(5);
}

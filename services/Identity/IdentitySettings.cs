namespace MhAll.Identity;

/// <summary>Settings of the identity service, section <c>Identity</c>.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>
    /// The public issuer URL: the gateway's address as people and partners reach it (tokens' <c>iss</c>, and the base of
    /// every endpoint in the discovery document). Set by the AppHost to the gateway's endpoint.
    /// </summary>
    public Uri Issuer { get; set; } = new("http://localhost:5200/");

    /// <summary>Where the links in emails point: the portal's pages (until the portal exists, the issuer).</summary>
    public Uri? LinkBase { get; set; }

    /// <summary>The sender of every email.</summary>
    public string EmailFrom { get; set; } = "MH-ALL <no-reply@mh-all.example.org>";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public Uri Links => LinkBase ?? Issuer;
}

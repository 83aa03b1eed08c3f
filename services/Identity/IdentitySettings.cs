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

    /// <summary>The portal's client (<c>Identity:Portal</c>): authorization code with PKCE.</summary>
    public PortalClientSettings Portal { get; set; } = new();
}

/// <summary>
/// The portal, a confidential server-side client: it keeps the tokens and gives the browser only its own cookie. Its
/// secret and addresses come from configuration; in Development they default to the local gateway's.
/// </summary>
public sealed class PortalClientSettings
{
    public const string ClientId = "mh-all-portal";
    /// <summary>Development only: outside it the service refuses to start without a configured secret.</summary>
    public const string DevelopmentSecret = "mh-all-portal-development-secret";
    public static readonly Uri DevelopmentRedirectUri = new("http://localhost:5200/signin-oidc");
    public static readonly Uri DevelopmentPostLogoutRedirectUri = new("http://localhost:5200/signout-callback-oidc");

    public string? ClientSecret { get; set; }
    public List<Uri> RedirectUris { get; set; } = [];
    public List<Uri> PostLogoutRedirectUris { get; set; } = [];
}

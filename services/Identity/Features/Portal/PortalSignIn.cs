using System.Security.Claims;

namespace MhAll.Identity.Features.Portal;

/// <summary>
/// Identity's own cookie: who has signed in at <see cref="SignInPage"/>, read only by the authorize endpoint. It carries
/// the account id and whether a second factor was given, never roles: those are read afresh for every code and refresh.
/// </summary>
public static class PortalSignIn
{
    public const string Scheme = "mh-all-identity";
    public const string CookieName = "mhall.identity";
    /// <summary>How the person proved who they are (RFC 8176 <c>amr</c>): <c>pwd</c>, or <c>mfa</c> with a code too.</summary>
    public const string MethodClaim = "amr";
    public const string Password = "pwd";
    public const string MultiFactor = "mfa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static ClaimsPrincipal Principal(string accountId, bool multiFactor) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, accountId), new Claim(MethodClaim, multiFactor ? MultiFactor : Password)], Scheme));

    public static string? AccountId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static bool GaveSecondFactor(this ClaimsPrincipal user) =>
        user.Claims.Any(c => c.Type == MethodClaim && c.Value == MultiFactor);
}

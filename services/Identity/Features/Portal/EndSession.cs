using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace MhAll.Identity.Features.Portal;

/// <summary>
/// <c>GET|POST /connect/logout</c> (OpenID Connect end session): clears identity's cookie, then OpenIddict sends the
/// browser to the portal's registered <c>post_logout_redirect_uri</c>, or, without one, to the sign-in page.
/// </summary>
public static class EndSession
{
    public const string Path = "/connect/logout";

    public static WebApplication MapEndSession(this WebApplication app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            await http.SignOutAsync(PortalSignIn.Scheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = SignInPage.Path }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MhAll.Identity;
using MhAll.Identity.Features.Portal;
using MhAll.Identity.Features.Tokens;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using OtpNet;

namespace MhAll.ServiceTests;

/// <summary>
/// The portal's flow as its server-side client and a browser would drive it: authorization code with PKCE (S256), the
/// sign-in page with its anti-forgery token and cookie, the code exchanged with the verifier and the client secret.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed partial class IdentityPortalTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static readonly string RedirectUri = PortalClientSettings.DevelopmentRedirectUri.AbsoluteUri;

    [GeneratedRegex("name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")] private static partial Regex HiddenField();
    [GeneratedRegex("<div class=\"govuk-error-summary\".*?</div>", RegexOptions.Singleline)] private static partial Regex ErrorSummary();

    /// <summary>A browser: keeps cookies, follows no redirect by itself (the test looks at each).</summary>
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string AuthorizeUrl(string? challenge, string method = "S256", string? redirectUri = null, string scope = "openid offline_access identity")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = PortalClientSettings.ClientId, ["response_type"] = "code", ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["scope"] = scope, ["state"] = "state-1",
        };
        if (challenge is not null) { query["code_challenge"] = challenge; query["code_challenge_method"] = method; }
        return QueryHelpers.AddQueryString(Authorize.Path, query);
    }

    private static Dictionary<string, string> FieldsOf(string html) =>
        HiddenField().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    /// <summary>GET authorize, follow to the sign-in page; returns the page's hidden fields (anti-forgery token, return URL).</summary>
    private static async Task<Dictionary<string, string>> OpenSignInAsync(HttpClient browser, string authorizeUrl)
    {
        var authorize = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.StartsWith(SignInPage.Path, authorize.Headers.Location!.OriginalString);
        var page = await browser.GetAsync(authorize.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {html}");
        Assert.Contains("<label class=\"govuk-label\" for=\"email\">", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("style=", html);
        return FieldsOf(html);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, Dictionary<string, string> hidden, params (string, string)[] fields)
    {
        var form = new Dictionary<string, string>(hidden);
        foreach (var (name, value) in fields) form[name] = value;
        return browser.PostAsync(SignInPage.Path, new FormUrlEncodedContent(form));
    }

    /// <summary>After the sign-in page: back to authorize, which sends the code to the portal's redirect URI.</summary>
    private static async Task<string> CodeAsync(HttpClient browser, HttpResponseMessage signedIn)
    {
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        Assert.StartsWith(Authorize.Path + "?", signedIn.Headers.Location!.OriginalString);
        var back = await browser.GetAsync(signedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var location = back.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.AbsoluteUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("state-1", query["state"].ToString());
        return query["code"].ToString();
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code, string verifier, string secret = PortalClientSettings.DevelopmentSecret) =>
        factory.CreateClient().PostAsync(TokenEndpoint.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = RedirectUri,
            ["client_id"] = PortalClientSettings.ClientId, ["client_secret"] = secret,
        }));

    private async Task<string> SignedInCodeAsync(string email, string challenge)
    {
        var browser = Browser();
        var hidden = await OpenSignInAsync(browser, AuthorizeUrl(challenge));
        return await CodeAsync(browser, await PostFormAsync(browser, hidden, ("email", email), ("password", IdentityFlows.Password)));
    }

    [Fact]
    public async Task The_portal_gets_a_code_through_the_sign_in_page_and_exchanges_it_with_its_verifier_for_tokens()
    {
        var email = IdentityFlows.NewEmail();
        var accountId = await factory.VerifiedAccountAsync(email);
        var (verifier, challenge) = Pkce();
        var browser = Browser();
        var hidden = await OpenSignInAsync(browser, AuthorizeUrl(challenge));
        Assert.Contains("__RequestVerificationToken", hidden.Keys);

        // Without the anti-forgery token the form is refused.
        var forged = await PostFormAsync(browser, hidden.Where(f => f.Key != "__RequestVerificationToken").ToDictionary(), ("email", email), ("password", IdentityFlows.Password));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var signedIn = await PostFormAsync(browser, hidden, ("email", email), ("password", IdentityFlows.Password));
        var cookie = string.Join(";", signedIn.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains(PortalSignIn.CookieName, cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        var code = await CodeAsync(browser, signedIn);

        // A wrong verifier and a wrong secret are refused; the code is good once.
        Assert.Equal("invalid_grant", await (await ExchangeAsync(code, Pkce().Verifier)).OAuthErrorAsync());
        var (other, otherChallenge) = Pkce();
        var secondCode = await SignedInCodeAsync(email, otherChallenge);
        Assert.Equal("invalid_client", await (await ExchangeAsync(secondCode, other, "not-the-secret")).OAuthErrorAsync());

        // Signed in at identity already: the next authorize gives a code straight away.
        var direct = await browser.GetAsync(AuthorizeUrl(challenge));
        Assert.StartsWith(RedirectUri + "?", direct.Headers.Location!.AbsoluteUri);
        var thirdCode = QueryHelpers.ParseQuery(direct.Headers.Location.Query)["code"].ToString();
        var exchanged = await ExchangeAsync(thirdCode, verifier);
        var body = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync()).RootElement;
        var access = await exchanged.AccessTokenAsync();
        Assert.Equal(accountId, IdentityFlows.Read(access).Subject);
        Assert.Contains(ResourceNames.Identity, IdentityFlows.Read(access).Audiences);

        // The access token is accepted by the API.
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/identity/accounts/me/authenticator", null)).StatusCode);

        // The refresh token gives a new access token (and a new refresh token).
        Task<HttpResponseMessage> RefreshAsync(string refreshToken) => factory.CreateClient().PostAsync(TokenEndpoint.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken,
            ["client_id"] = PortalClientSettings.ClientId, ["client_secret"] = PortalClientSettings.DevelopmentSecret,
        }));
        var refreshed = await RefreshAsync(body.GetProperty("refresh_token").GetString()!);
        var refreshedBody = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(accountId, IdentityFlows.Read(await refreshed.AccessTokenAsync()).Subject);

        // A code is good once; replaying it also revokes what it gave (someone else has it).
        Assert.Equal("invalid_grant", await (await ExchangeAsync(thirdCode, verifier)).OAuthErrorAsync());
        Assert.Equal("invalid_grant", await (await RefreshAsync(refreshedBody.GetProperty("refresh_token").GetString()!)).OAuthErrorAsync());

        // After logout, authorize asks again.
        var logout = await browser.GetAsync(EndSession.Path);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var afterLogout = await browser.GetAsync(AuthorizeUrl(Pkce().Challenge));
        Assert.StartsWith(SignInPage.Path, afterLogout.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_s256_pkce_or_with_an_unregistered_redirect_uri_there_is_no_code()
    {
        var browser = Browser();
        foreach (var url in new[] { AuthorizeUrl(null), AuthorizeUrl("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", method: "plain") })
        {
            var refused = await browser.GetAsync(url);
            var location = refused.Headers.Location?.OriginalString ?? "";
            Assert.DoesNotContain("code=", location);
            Assert.DoesNotContain(SignInPage.Path, location);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request"),
                $"{(int)refused.StatusCode} {location}");
        }

        var elsewhere = await browser.GetAsync(AuthorizeUrl(Pkce().Challenge, redirectUri: "https://evil.example.org/signin-oidc"));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_address_and_an_unverified_account_look_the_same_and_wrong_passwords_lock()
    {
        var email = IdentityFlows.NewEmail();
        await factory.VerifiedAccountAsync(email);
        var unverified = IdentityFlows.NewEmail();
        Assert.Equal(HttpStatusCode.Accepted, (await factory.CreateClient().SignUpAsync(unverified)).StatusCode);

        async Task<(HttpStatusCode, string)> TryAsync(string address, string password)
        {
            var browser = Browser();
            var hidden = await OpenSignInAsync(browser, AuthorizeUrl(Pkce().Challenge));
            var response = await PostFormAsync(browser, hidden, ("email", address), ("password", password));
            return (response.StatusCode, ErrorSummary().Match(await response.Content.ReadAsStringAsync()).Value);
        }

        var wrong = await TryAsync(email, "not the password at all");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Item1);
        Assert.Contains(SignInPage.Refused, wrong.Item2);
        Assert.Equal(wrong, await TryAsync(IdentityFlows.NewEmail(), "not the password at all"));
        Assert.Equal(wrong, await TryAsync(unverified, IdentityFlows.Password));

        for (var i = 0; i < 4; i++) await TryAsync(email, "not the password at all");
        Assert.Equal(wrong, await TryAsync(email, IdentityFlows.Password)); // locked now, even with the right one
    }

    [Fact]
    public async Task A_coordinator_with_an_authenticator_must_give_the_code_and_without_one_gets_no_coordinator_role()
    {
        var email = IdentityFlows.NewEmail();
        var accountId = await factory.VerifiedAccountAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await factory.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync($"/api/identity/accounts/{accountId}/roles", new { role = "coordinator" })).StatusCode);

        // No authenticator yet: signed in, told to set one up, and the token leaves the coordinator role out.
        var (verifier, challenge) = Pkce();
        var browser = Browser();
        var hidden = await OpenSignInAsync(browser, AuthorizeUrl(challenge));
        var told = await PostFormAsync(browser, hidden, ("email", email), ("password", IdentityFlows.Password));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        var toldHtml = await told.Content.ReadAsStringAsync();
        Assert.Contains("Set up an authenticator app", toldHtml);
        var next = WebUtility.HtmlDecode(Regex.Match(toldHtml, "href=\"(?<u>[^\"]+)\"").Groups["u"].Value);
        var code = await CodeAsync(browser, new HttpResponseMessage(HttpStatusCode.Redirect) { Headers = { Location = new Uri(next, UriKind.Relative) } });
        var withoutFactor = await (await ExchangeAsync(code, verifier)).AccessTokenAsync();
        Assert.Equal([Roles.Volunteer], IdentityFlows.Read(withoutFactor).Values("role"));

        using var own = factory.CreateClient();
        own.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", withoutFactor);
        var enrolled = await (await own.PostAsync("/api/identity/accounts/me/authenticator", null)).Content.ReadFromJsonAsync<JsonElement>();
        var app = new Totp(Base32Encoding.ToBytes(enrolled.GetProperty("sharedKey").GetString()));
        Assert.Equal(HttpStatusCode.NoContent,
            (await own.PostAsJsonAsync("/api/identity/accounts/me/authenticator/confirm", new { code = app.ComputeTotp() })).StatusCode);

        // The old sign-in (password only) no longer holds: authorize asks again, and now for the code too.
        (verifier, challenge) = Pkce();
        hidden = await OpenSignInAsync(browser, AuthorizeUrl(challenge));
        var step2 = await PostFormAsync(browser, hidden, ("email", email), ("password", IdentityFlows.Password));
        Assert.Equal(HttpStatusCode.OK, step2.StatusCode);
        var step2Html = await step2.Content.ReadAsStringAsync();
        Assert.Contains("for=\"code\"", step2Html);
        Assert.DoesNotContain(PortalSignIn.CookieName, string.Join(";", step2.Headers.TryGetValues("Set-Cookie", out var set) ? set : []));
        var pending = FieldsOf(step2Html);

        var wrongCode = await PostFormAsync(browser, pending, ("code", app.ComputeTotp() == "000000" ? "111111" : "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Contains(SignInPage.WrongCode, await wrongCode.Content.ReadAsStringAsync());

        code = await CodeAsync(browser, await PostFormAsync(browser, pending, ("code", app.ComputeTotp())));
        var withFactor = IdentityFlows.Read(await (await ExchangeAsync(code, verifier)).AccessTokenAsync());
        Assert.Equal([Roles.Coordinator, Roles.Volunteer], withFactor.Values("role").Order());
        Assert.Equal([PortalSignIn.MultiFactor], withFactor.Values(PortalSignIn.MethodClaim));
    }
}

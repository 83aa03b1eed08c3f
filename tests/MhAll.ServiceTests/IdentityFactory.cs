using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MhAll.Identity.Data;
using MhAll.Identity.Features.Tokens;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MhAll.ServiceTests;

/// <summary>The identity service in-process on its own fresh database, sending its email to the shared smtp4dev.</summary>
public class IdentityFactory() : ServiceFactory<AccountsDbContext>(ResourceNames.Identity), IAsyncLifetime
{
    private SmtpServer? _mail;

    /// <summary>The issuer as the tests' in-process client reaches the service (the gateway's address in the AppHost).</summary>
    public const string Issuer = "http://localhost/";

    public SmtpServer Mail => _mail ?? throw new InvalidOperationException("not initialised");

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _mail = await SharedSmtp.GetAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"ConnectionStrings:{ResourceNames.Mail}", Mail.ConnectionString);
        builder.UseSetting("Identity:Issuer", Issuer);
    }
}

/// <summary>What the identity tests do as a person would: sign up, read the email, follow its link, ask for a token.</summary>
public static partial class IdentityFlows
{
    public const string Password = "plum tree by the canal 42";

    [GeneratedRegex(@"account=(?<account>[^&\s]+)&token=(?<token>\S+)")] private static partial Regex Link();

    public static string NewEmail() => $"person.{Guid.NewGuid():N}@example.org";

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string email, string password = Password, string role = "volunteer") =>
        client.PostAsJsonAsync("/api/identity/accounts", new { email, password, role });

    /// <summary>The account and token of the link in the <paramref name="nth"/> email to <paramref name="email"/> (1 = the first).</summary>
    public static async Task<(string Account, string Token, SmtpServer.Message Message)> LinkInEmailAsync(this IdentityFactory factory, string email, int nth = 1)
    {
        var message = (await factory.Mail.WaitForMessagesAsync(email, nth))[nth - 1];
        var match = Link().Match(message.Body);
        Assert.True(match.Success, $"no link in: {message.Body}");
        return (Uri.UnescapeDataString(match.Groups["account"].Value), Uri.UnescapeDataString(match.Groups["token"].Value), message);
    }

    /// <summary>Signs up, follows the verification link; returns the account id.</summary>
    public static async Task<string> VerifiedAccountAsync(this IdentityFactory factory, string email, string role = "volunteer")
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync(email, role: role)).StatusCode);
        var (account, token, _) = await factory.LinkInEmailAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/identity/accounts/verification", new { account, token })).StatusCode);
        return account;
    }

    /// <summary>The Development-only password grant at the token endpoint.</summary>
    public static Task<HttpResponseMessage> PasswordTokenAsync(this HttpClient client, string email, string password = Password,
        string scope = "participation identity", string? otp = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = IdentitySeeding.DevelopmentClientId, ["username"] = email, ["password"] = password,
            ["scope"] = scope,
        };
        if (otp is not null) form[TokenEndpoint.OtpParameter] = otp;
        return client.PostAsync(TokenEndpoint.Path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> ClientCredentialsTokenAsync(this HttpClient client, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        return client.PostAsync(TokenEndpoint.Path, new FormUrlEncodedContent(form));
    }

    /// <summary>The access token of a successful token response.</summary>
    public static async Task<string> AccessTokenAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The OAuth error code of a refused token request.</summary>
    public static async Task<string> OAuthErrorAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
            $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
    }

    public static JsonWebToken Read(string token) => new(token);

    public static IReadOnlyList<string> Values(this JsonWebToken token, string claim) =>
        [.. token.Claims.Where(c => c.Type == claim).Select(c => c.Value)];
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MhAll.SystemTests;

/// <summary>
/// The identity service as people and partners reach it, through the gateway: its issuer is the gateway's address, and a
/// person signs up, reads the email in smtp4dev's inbox, verifies and gets a token, all from outside; the gateway accepts that token for identity's own endpoints.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class IdentityFlowTests(SystemFixture system)
{
    [GeneratedRegex(@"account=(?<account>[^&\s]+)&token=(?<token>\S+)")] private static partial Regex Link();

    private Uri GatewayAddress => system.Gateway().BaseAddress!;

    [Fact]
    public async Task Discovery_through_the_gateway_names_the_gateway_as_issuer_and_its_keys_are_reachable_there()
    {
        var gateway = system.Gateway();
        var discovery = await gateway.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var issuer = discovery.GetProperty("issuer").GetString()!;
        Assert.Equal(GatewayAddress.AbsoluteUri, issuer);
        Assert.Equal(new Uri(GatewayAddress, "connect/token").AbsoluteUri, discovery.GetProperty("token_endpoint").GetString());
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        Assert.Equal(GatewayAddress.Authority, jwksUri.Authority);

        var jwks = await gateway.GetFromJsonAsync<JsonElement>(jwksUri.PathAndQuery);
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("use").GetString() == "sig");
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
    }

    [Fact]
    public async Task A_person_signs_up_through_the_gateway_verifies_from_the_email_and_gets_a_token_issued_by_the_gateway_address()
    {
        var gateway = system.Gateway();
        var email = $"system.{Guid.NewGuid():N}@example.org";
        const string password = "a walk along the lea valley";
        Assert.Equal(HttpStatusCode.Accepted,
            (await gateway.PostAsJsonAsync("/api/identity/accounts", new { email, password, role = "volunteer" })).StatusCode);

        var body = await EmailToAsync(email);
        var link = Link().Match(body);
        Assert.True(link.Success, $"no link in: {body}");
        Assert.Contains(GatewayAddress.AbsoluteUri + "verify-email?", body); // the link is the public address, not the service's
        Assert.Equal(HttpStatusCode.NoContent, (await gateway.PostAsJsonAsync("/api/identity/accounts/verification", new
        {
            account = Uri.UnescapeDataString(link.Groups["account"].Value), token = Uri.UnescapeDataString(link.Groups["token"].Value),
        })).StatusCode);

        var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "mh-all-dev", ["username"] = email, ["password"] = password, ["scope"] = "participation identity",
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var (header, payload) = Decode(JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!);
        Assert.Equal(GatewayAddress.AbsoluteUri, payload.GetProperty("iss").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        var audience = payload.GetProperty("aud");
        Assert.Contains("participation", audience.ValueKind == JsonValueKind.Array ? audience.EnumerateArray().Select(a => a.GetString()) : [audience.GetString()]);

        // The gateway accepts identity's own token (checked with its JWKS) for identity's account endpoints.
        var signedIn = system.Gateway();
        signedIn.DefaultRequestHeaders.Authorization = new("Bearer", JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString());
        var enrolment = await signedIn.PostAsync("/api/identity/accounts/me/authenticator", null);
        Assert.True(enrolment.StatusCode == HttpStatusCode.OK, $"{(int)enrolment.StatusCode}: {await enrolment.Content.ReadAsStringAsync()}");
        Assert.StartsWith("otpauth://totp/", (await enrolment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authenticatorUri").GetString());
        // Participation accepts it too: the person is signed in, and simply not on the register yet.
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/api/participation/volunteers/me")).StatusCode);
        // A token re-signed with another key is not.
        var forged = system.Gateway();
        var parts = JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!.Split('.');
        forged.DefaultRequestHeaders.Authorization = new("Bearer", $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsync("/api/identity/accounts/me/authenticator", null)).StatusCode);
    }

    [Fact]
    public async Task A_partner_client_reads_studies_through_the_gateway_with_its_own_token_and_a_token_for_another_service_is_refused()
    {
        var (coordinator, _) = await system.SignedInAsync("coordinator");
        async Task<string> PartnerTokenAsync(string scope)
        {
            var registered = await coordinator.PostAsJsonAsync("/api/identity/clients", new { name = "North East London ICS", scopes = new[] { scope } });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            var credentials = await registered.Content.ReadFromJsonAsync<JsonElement>();
            var response = await system.Gateway().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = credentials.GetProperty("clientId").GetString()!,
                ["client_secret"] = credentials.GetProperty("clientSecret").GetString()!,
            }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
        }

        var studies = system.Gateway();
        studies.DefaultRequestHeaders.Authorization = new("Bearer", await PartnerTokenAsync("studies.read"));
        var bundle = await studies.GetAsync("/api/participation/fhir/r4/ResearchStudy");
        Assert.True(bundle.StatusCode == HttpStatusCode.OK, $"{(int)bundle.StatusCode}: {await bundle.Content.ReadAsStringAsync()}");

        // Learning's audience: the gateway lets it by (it is a platform token), Participation does not.
        var indicators = system.Gateway();
        indicators.DefaultRequestHeaders.Authorization = new("Bearer", await PartnerTokenAsync("indicators.read"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await indicators.GetAsync("/api/participation/fhir/r4/ResearchStudy")).StatusCode);
    }

    [Fact]
    public async Task The_account_endpoints_that_need_a_sign_in_are_refused_at_the_gateway_without_one()
    {
        var response = await system.Gateway().PostAsync("/api/identity/accounts/me/authenticator", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A JWT's header and payload, read without checking it (the services check it).</summary>
    private static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        static JsonElement Part(string part)
        {
            var base64 = part.Replace('-', '+').Replace('_', '/');
            return JsonDocument.Parse(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='))).RootElement;
        }
        var parts = jwt.Split('.');
        return (Part(parts[0]), Part(parts[1]));
    }

    /// <summary>The plain-text body of the first email smtp4dev received for <paramref name="recipient"/>, waiting up to 30 s.</summary>
    private async Task<string> EmailToAsync(string recipient)
    {
        using var inbox = new HttpClient { BaseAddress = system.App.GetEndpoint(ResourceNames.Smtp4Dev, "http") };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await inbox.GetFromJsonAsync<JsonElement>("api/messages?pageSize=1000");
            foreach (var message in page.GetProperty("results").EnumerateArray())
                if (message.GetProperty("to").EnumerateArray().Any(to => string.Equals(to.GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
                    return await inbox.GetStringAsync($"api/messages/{message.GetProperty("id").GetString()}/plaintext");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No email for {recipient} in 30 s.");
            await Task.Delay(200);
        }
    }
}

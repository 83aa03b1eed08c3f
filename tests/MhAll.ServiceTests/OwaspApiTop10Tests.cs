using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MhAll.Gateway;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceTests;

/// <summary>
/// The OWASP API Security Top 10 (2023), one test (at least) per risk, each named by it, through the gateway in front of
/// identity and the services (<see cref="GatewayOverServices"/>) with identity's development tokens, as a caller on the
/// internet meets the platform. Where a risk has fuller coverage elsewhere the test says where; docs/threat-model.md maps
/// each threat to these tests.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class OwaspApiTop10Tests(GatewayOverServices system, GatewayFactory limitedGateway)
    : IClassFixture<GatewayOverServices>, IClassFixture<GatewayFactory>
{
    private const string Training = "/api/training";

    /// <summary>API1: another person's object is a 404, never theirs to act on (also: every *Tests class's "another person's" cases).</summary>
    [Fact]
    public async Task API1_broken_object_level_authorization_another_persons_enrolment_is_a_404()
    {
        var (coordinator, _) = await system.SignedInAsync(Roles.Coordinator);
        var organisation = await IdOfAsync(await coordinator.PostAsJsonAsync($"{Training}/organisations",
            new { name = $"Trust {Guid.NewGuid():N}", type = "nhs-trust", icbCode = "E54000029", headcount = 500 }));
        var course = await IdOfAsync(await coordinator.PostAsJsonAsync($"{Training}/courses", new
        {
            title = "Research in everyday practice", summary = "What research is.", level = "entry", format = "online",
            durationMinutes = 180, tags = Array.Empty<string>(), prerequisites = Array.Empty<Guid>(),
        }));
        var session = await IdOfAsync(await coordinator.PostAsJsonAsync($"{Training}/courses/{course}/sessions",
            TrainingSeeding.SessionBody(DateTimeOffset.UtcNow.AddDays(30), capacity: 10, released: true)));

        var (owner, _) = await system.SignedInAsync(Roles.Staff);
        var (other, _) = await system.SignedInAsync(Roles.Staff);
        foreach (var staff in new[] { owner, other })
            Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Training}/profiles", new { name = "Sam Okafor", profession = "nursing", organisationId = organisation })).StatusCode);
        var enrolment = await IdOfAsync(await owner.PostAsync($"{Training}/sessions/{session}/enrolments", null));

        await (await other.PostAsync($"{Training}/enrolments/{enrolment}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var mine = await owner.GetFromJsonAsync<List<JsonElement>>($"{Training}/enrolments/me");
        Assert.Contains(mine!, e => e.GetProperty("id").GetGuid() == enrolment && e.GetProperty("status").GetString() != "cancelled");
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<JsonElement>>($"{Training}/enrolments/me"))!, e => e.GetProperty("id").GetGuid() == enrolment);
    }

    /// <summary>API2: tokens unsigned, re-signed with another key, or named for elsewhere do not pass the gateway (also PartnerScopeTests, IdentityTokenTests).</summary>
    [Fact]
    public async Task API2_broken_authentication_forged_unsigned_and_foreign_tokens_are_refused_at_the_gateway()
    {
        var (signedIn, _) = await system.SignedInAsync(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/learning/indicators")).StatusCode);
        var good = signedIn.DefaultRequestHeaders.Authorization!.Parameter!;
        var parts = good.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var stranger = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(3072)) { KeyId = new JsonWebToken(good).Kid };
        foreach (var forged in new[]
                 {
                     Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""") + "." + parts[1] + ".",
                     new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(stranger, SecurityAlgorithms.RsaSha256)),
                     parts[0] + "." + Base64UrlEncoder.Encode(payload.Replace("\"coordinator\"", "\"volunteer\"")) + "." + parts[2],
                     TestTokens.For(Roles.Coordinator), // the tests' HMAC key: no key the gateway holds in the AppHost's wiring
                 })
            await (await system.Gateway.CreateClient().WithToken(forged).GetAsync("/api/learning/indicators")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>API3: a caller cannot set a property it has no right to: a self-chosen coordinator role at sign-up (also StudyRevisionTests, the funnel's disclosure control).</summary>
    [Fact]
    public async Task API3_broken_object_property_level_authorization_sign_up_cannot_choose_a_privileged_role()
    {
        var client = system.Gateway.CreateClient();
        foreach (var role in new[] { Roles.Coordinator, Roles.Researcher, Roles.Partner })
            await (await client.PostAsJsonAsync("/api/identity/accounts", new { email = IdentityFlows.NewEmail(), password = IdentityFlows.Password, role }))
                .AssertValidationProblemAsync("role");
    }

    /// <summary>API4: over the per-caller limit a 429 with Retry-After, and oversized input is refused before any work (also GatewayTests, PartnerRateLimitTests, GatewayHardeningTests, HostileInputSweepTests).</summary>
    [Fact]
    public async Task API4_unrestricted_resource_consumption_is_met_by_rate_limits_and_input_limits()
    {
        var (staff, _) = await system.SignedInAsync(Roles.Staff);
        await (await staff.GetAsync($"{Training}/courses?tag={new string('a', 300)}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var tooMany = await staff.PostAsJsonAsync($"{Training}/profiles", new { name = "Sam", profession = "nursing", interests = Enumerable.Repeat("x", 101) });
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest);

        var caller = limitedGateway.CreateClient().As(Roles.Researcher);
        HttpResponseMessage last;
        var i = 0;
        do last = await caller.GetAsync("/api/training/courses");
        while (last.StatusCode != HttpStatusCode.TooManyRequests && ++i <= GatewayFactory.PermitLimit);
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    /// <summary>API5: a function of another role is refused by its named policy (also AuthorizationMatrixTests over every endpoint, PartnerScopeTests).</summary>
    [Fact]
    public async Task API5_broken_function_level_authorization_a_volunteer_cannot_grant_roles_or_register_partners()
    {
        var (volunteer, subject) = await system.SignedInAsync(Roles.Volunteer);
        await (await volunteer.PostAsJsonAsync($"/api/identity/accounts/{subject}/roles", new { role = Roles.Coordinator })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await volunteer.PostAsJsonAsync("/api/identity/clients", new { name = "Mine", scopes = new[] { PartnerScopes.StudiesRead } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await volunteer.GetAsync("/api/learning/indicators")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// API6: the flows worth automating (harvesting accounts, guessing passwords) give nothing away and are limited:
    /// sign-up answers the same for a known address (also IdentityAccountTests, GatewayHardeningTests' per-address limits,
    /// the contact cap in StudyRecruitmentTests).
    /// </summary>
    [Fact]
    public async Task API6_unrestricted_access_to_sensitive_business_flows_sign_up_does_not_tell_who_has_an_account()
    {
        var client = system.Gateway.CreateClient();
        var email = IdentityFlows.NewEmail();
        var first = await client.SignUpAsync(email);
        var again = await client.SignUpAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        // The anonymous identity routes carry their own per-address limit at the gateway.
        Assert.Contains(GatewayService.PublicRoutes, r => r.Path == "/api/identity/accounts" && r.RateLimit == Hardening.AnonymousPolicy);
    }

    /// <summary>
    /// API7: nothing a caller sends makes the platform fetch a URL: the keys come from the configured JWKS only (a token
    /// naming its own <c>jku</c> is refused), and an unregistered redirect is a 400, never a redirect.
    /// </summary>
    [Fact]
    public async Task API7_server_side_request_forgery_no_caller_given_address_is_fetched_or_followed()
    {
        var (signedIn, _) = await system.SignedInAsync(Roles.Coordinator);
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(signedIn.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1]));
        var attacker = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "attacker" };
        var withJku = new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(attacker, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { ["jku"] = "http://169.254.169.254/latest/keys", ["x5u"] = "http://169.254.169.254/cert" });
        await (await system.Gateway.CreateClient().WithToken(withJku).GetAsync("/api/learning/indicators")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var browser = system.Gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var elsewhere = await browser.GetAsync("/connect/authorize?client_id=mh-all-portal&response_type=code&scope=openid"
            + "&redirect_uri=" + Uri.EscapeDataString("http://169.254.169.254/latest/meta-data") + "&state=s"
            + "&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    /// <summary>API8: every answer carries the security headers and no-store, and an error tells nothing of the server's insides (also GatewayHardeningTests, RobustnessTests).</summary>
    [Fact]
    public async Task API8_security_misconfiguration_headers_no_store_and_problems_without_internals()
    {
        var (staff, _) = await system.SignedInAsync(Roles.Staff);
        var broken = await staff.PostAsync($"{Training}/profiles", new StringContent("{\"name\": [", Encoding.UTF8, "application/json"));
        var problem = await broken.AssertProblemAsync(HttpStatusCode.BadRequest);
        var text = problem.ToString();
        foreach (var inside in new[] { "Exception", "   at ", "Npgsql", ".cs:line" })
            Assert.DoesNotContain(inside, text);
        foreach (var response in new[] { broken, await staff.GetAsync($"{Training}/courses") })
        {
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.Equal(Hardening.ContentSecurityPolicy, string.Join("", response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        }
    }

    /// <summary>
    /// API9: the gateway exposes the services it knows and nothing else, each documented (OpenAPI through the gateway);
    /// the development endpoint is not there outside Development (ProductionGatewayTests, IdentityProductionTests).
    /// </summary>
    [Fact]
    public async Task API9_improper_inventory_management_only_known_services_are_routed_and_each_is_documented()
    {
        var (coordinator, _) = await system.SignedInAsync(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/api/reporting/v0/everything")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/internal/health/details")).StatusCode);
        foreach (var service in new[] { ResourceNames.Identity, ResourceNames.Participation, ResourceNames.Learning, ResourceNames.Training })
        {
            var document = await system.Gateway.CreateClient().GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json");
            Assert.True(document.GetProperty("paths").EnumerateObject().Any(), service);
        }
    }

    /// <summary>
    /// API10: what the platform consumes from another API is not trusted blindly: a service whose key source answers
    /// garbage accepts no token and answers 401, not a 500 (events from other services: the inbox and poison-message
    /// tests of MhAll.Messaging.Tests; partner pushes: TrainingPartnerApiTests' validation).
    /// </summary>
    [Fact]
    public async Task API10_unsafe_consumption_of_apis_garbage_keys_from_the_key_source_refuse_tokens_without_a_server_error()
    {
        var (coordinator, _) = await system.SignedInAsync(Roles.Coordinator);
        var token = coordinator.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var learning = new GarbageKeysLearningFactory();
        await learning.InitializeAsync();
        var response = await learning.CreateClient().WithToken(token).GetAsync("/api/learning/indicators");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage created)
    {
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}

/// <summary>Learning, reading identity's keys from a source that answers with something that is not a key set.</summary>
public sealed class GarbageKeysLearningFactory() : ServiceFactory<MhAll.Learning.Data.LearningDbContext>(ResourceNames.Learning)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(IdentityTokens.IssuerKey, IdentityFactory.Issuer);
        builder.UseSetting(IdentityTokens.JwksKey, IdentityFactory.Issuer + ".well-known/jwks");
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddHttpClient(IdentityTokens.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Garbage());

    private sealed class Garbage : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"keys":[{"kty":"RSA","kid":"x","n":"%%%","e":"AQAB"}],"<html>":1}""", Encoding.UTF8, "application/json"),
            });
    }
}

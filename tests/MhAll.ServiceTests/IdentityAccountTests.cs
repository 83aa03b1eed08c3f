using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Identity.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace MhAll.ServiceTests;

/// <summary>People's accounts against a real PostgreSQL and a real smtp4dev: sign-up, verification, reset, lockout, TOTP.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityAccountTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task A_person_signs_up_verifies_their_email_and_only_then_gets_a_token()
    {
        var client = factory.CreateClient();
        var email = IdentityFlows.NewEmail();
        var signUp = await client.SignUpAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);

        var (account, token, message) = await factory.LinkInEmailAsync(email);
        Assert.Equal("Confirm your email address for MH-ALL", message.Subject);
        // Unverified: the right password is still not enough.
        Assert.Equal("invalid_grant", await (await client.PasswordTokenAsync(email)).OAuthErrorAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/identity/accounts/verification", new { account, token })).StatusCode);
        // A link works once.
        await (await client.PostAsJsonAsync("/api/identity/accounts/verification", new { account, token = token + "x" }))
            .AssertValidationProblemAsync("token");

        var accessToken = IdentityFlows.Read(await (await client.PasswordTokenAsync(email)).AccessTokenAsync());
        Assert.Equal(account, accessToken.Subject);
        Assert.Equal([Roles.Volunteer], accessToken.Values("role"));
        Assert.Contains(ResourceNames.Participation, accessToken.Audiences);
        Assert.Equal(IdentityFactory.Issuer, accessToken.Issuer);
        Assert.Equal("RS256", accessToken.Alg);
        Assert.DoesNotContain(accessToken.Claims, c => c.Value.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Signing_up_again_with_an_existing_email_answers_the_same_and_tells_only_the_owner()
    {
        var email = IdentityFlows.NewEmail();
        await factory.VerifiedAccountAsync(email);
        var client = factory.CreateClient();

        var fresh = await client.SignUpAsync(IdentityFlows.NewEmail());
        var again = await client.SignUpAsync(email, "another long passphrase 7", "panel-member");
        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(fresh.Headers.Location, again.Headers.Location);

        var messages = await factory.Mail.WaitForMessagesAsync(email, 2);
        Assert.Equal("Someone tried to sign up to MH-ALL with your email address", messages[1].Subject);
        Assert.DoesNotContain("token=", messages[1].Body);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        // The first password still stands; the second changed nothing.
        Assert.Equal("invalid_grant", await (await client.PasswordTokenAsync(email, "another long passphrase 7")).OAuthErrorAsync());
        await (await client.PasswordTokenAsync(email)).AccessTokenAsync();
    }

    [Theory]
    [InlineData("short one", "volunteer", "password")]
    [InlineData("password1234", "volunteer", "password")]
    [InlineData("Correct Horse Battery Staple", "volunteer", "password")]
    [InlineData("plum tree by the canal 42", "coordinator", "role")]
    [InlineData("plum tree by the canal 42", "researcher", "role")]
    public async Task Weak_passwords_and_roles_a_person_cannot_choose_are_refused_naming_the_field(string password, string role, string field)
    {
        var response = await factory.CreateClient().SignUpAsync(IdentityFlows.NewEmail(), password, role);
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_password_longer_than_128_characters_is_refused()
    {
        var response = await factory.CreateClient().SignUpAsync(IdentityFlows.NewEmail(), new string('x', 129));
        await response.AssertValidationProblemAsync("password");
    }

    [Fact]
    public async Task A_password_reset_by_email_replaces_the_password_and_an_unknown_address_gets_the_same_answer()
    {
        var email = IdentityFlows.NewEmail();
        await factory.VerifiedAccountAsync(email);
        var client = factory.CreateClient();

        var unknownEmail = IdentityFlows.NewEmail();
        var unknown = await client.PostAsJsonAsync("/api/identity/password-reset", new { email = unknownEmail });
        var known = await client.PostAsJsonAsync("/api/identity/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(unknown.StatusCode, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());

        var (account, token, message) = await factory.LinkInEmailAsync(email, 2);
        Assert.Equal("Choose a new password for MH-ALL", message.Subject);
        await (await client.PostAsJsonAsync("/api/identity/password-reset/confirm", new { account, token, password = "qwerty123456" }))
            .AssertValidationProblemAsync("password");
        const string newPassword = "seven swans on the lea";
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PostAsJsonAsync("/api/identity/password-reset/confirm", new { account, token, password = newPassword })).StatusCode);
        await (await client.PostAsJsonAsync("/api/identity/password-reset/confirm", new { account, token, password = newPassword }))
            .AssertValidationProblemAsync("token");

        Assert.Equal("invalid_grant", await (await client.PasswordTokenAsync(email)).OAuthErrorAsync());
        await (await client.PasswordTokenAsync(email, newPassword)).AccessTokenAsync();
        Assert.Empty(await factory.Mail.MessagesToAsync(unknownEmail));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_and_the_answer_stays_the_same()
    {
        var email = IdentityFlows.NewEmail();
        var accountId = await factory.VerifiedAccountAsync(email);
        var client = factory.CreateClient();
        var refusals = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PasswordTokenAsync(email, $"not my password {i}");
            refusals.Add(await wrong.Content.ReadAsStringAsync());
        }
        var locked = await client.PasswordTokenAsync(email);
        Assert.Equal("invalid_grant", await locked.OAuthErrorAsync());
        var unknown = await client.PasswordTokenAsync(IdentityFlows.NewEmail());
        // Locked, wrong and unknown read alike: nobody learns which addresses have accounts.
        Assert.All(refusals, r => Assert.Equal(refusals[0], r));
        Assert.Equal(refusals[0], await unknown.Content.ReadAsStringAsync());

        await using var scope = factory.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == accountId);
        Assert.InRange(account.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_role_that_sees_personal_data_reaches_the_token_only_with_an_authenticator_code()
    {
        var email = IdentityFlows.NewEmail();
        var accountId = await factory.VerifiedAccountAsync(email);
        var client = factory.CreateClient();

        // Only a coordinator grants it.
        var volunteerToken = await (await client.PasswordTokenAsync(email)).AccessTokenAsync();
        using (var self = factory.CreateClient())
        {
            self.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", volunteerToken);
            var selfGrant = await self.PostAsJsonAsync($"/api/identity/accounts/{accountId}/roles", new { role = "researcher" });
            Assert.Equal(HttpStatusCode.Forbidden, selfGrant.StatusCode);
        }
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.NoContent,
            (await coordinator.PostAsJsonAsync($"/api/identity/accounts/{accountId}/roles", new { role = "researcher" })).StatusCode);

        // Without an authenticator the token leaves the researcher role out: enough to enrol one.
        var token = await (await client.PasswordTokenAsync(email)).AccessTokenAsync();
        Assert.Equal([Roles.Volunteer], IdentityFlows.Read(token).Values("role"));

        using var own = factory.CreateClient();
        own.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var enrolment = await own.PostAsync("/api/identity/accounts/me/authenticator", null);
        Assert.Equal(HttpStatusCode.OK, enrolment.StatusCode);
        var enrolled = await enrolment.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("otpauth://totp/", enrolled.GetProperty("authenticatorUri").GetString());
        var app = new Totp(Base32Encoding.ToBytes(enrolled.GetProperty("sharedKey").GetString()));

        await (await own.PostAsJsonAsync("/api/identity/accounts/me/authenticator/confirm", new { code = "000000" == app.ComputeTotp() ? "111111" : "000000" }))
            .AssertValidationProblemAsync("code");
        Assert.Equal(HttpStatusCode.NoContent,
            (await own.PostAsJsonAsync("/api/identity/accounts/me/authenticator/confirm", new { code = app.ComputeTotp() })).StatusCode);
        // A token thief cannot swap the authenticator for their own.
        await (await own.PostAsync("/api/identity/accounts/me/authenticator", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("invalid_grant", await (await client.PasswordTokenAsync(email)).OAuthErrorAsync());
        Assert.Equal("invalid_grant", await (await client.PasswordTokenAsync(email, otp: "12345")).OAuthErrorAsync());
        var withCode = IdentityFlows.Read(await (await client.PasswordTokenAsync(email, otp: app.ComputeTotp())).AccessTokenAsync());
        Assert.Equal([Roles.Researcher, Roles.Volunteer], withCode.Values("role").Order());
    }
}

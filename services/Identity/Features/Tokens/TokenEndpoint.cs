using System.Security.Claims;
using MhAll.Identity.Data;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Features.Tokens;

/// <summary>
/// <c>POST /connect/token</c>, after OpenIddict has checked the client, its secret, the grant type and the scopes it may
/// ask for. Partner systems use client credentials. People's interim grant is the password grant, which exists only in
/// Development (for tests and for trying the API) until the portal's authorization-code flow arrives: OpenIddict is
/// not even told of it elsewhere (<see cref="IdentityService"/>), and this handler refuses it too.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/connect/token";
    /// <summary>The token request's parameter that carries a TOTP code, for an account with an authenticator.</summary>
    public const string OtpParameter = "otp";

    private const string Refused = "The email address or password is wrong, or the account is locked for a while after too many tries.";

    public static WebApplication MapTokenEndpoint(this WebApplication app)
    {
        app.MapPost(Path, ExchangeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, IOpenIddictApplicationManager applications, IOpenIddictScopeManager scopes,
        UserManager<Account> users, IPasswordHasher<Account> hasher, IHostEnvironment environment, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TokenEndpoint));
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var client = await applications.FindByClientIdAsync(request.ClientId!, ct)
                ?? throw new InvalidOperationException("OpenIddict admitted an unknown client.");
            var requested = request.GetScopes();
            if (requested.IsDefaultOrEmpty)
                requested = [.. (await applications.GetPermissionsAsync(client, ct))
                    .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                    .Select(p => p[Permissions.Prefixes.Scope.Length..])];
            var identity = NewIdentity(request.ClientId!, [Roles.Partner]);
            return await SignInAsync(identity, requested, scopes, ct);
        }

        if (request.IsPasswordGrantType() && environment.IsDevelopment())
        {
            var account = await users.FindByEmailAsync(request.Username ?? "");
            if (account is null)
            {
                SpendAPasswordCheck(hasher, request.Password ?? ""); // as long as a real check
                return Forbid(Errors.InvalidGrant, Refused);
            }
            if (await users.IsLockedOutAsync(account)) return Forbid(Errors.InvalidGrant, Refused);
            if (!await users.CheckPasswordAsync(account, request.Password ?? ""))
            {
                await users.AccessFailedAsync(account);
                logger.LogInformation("Wrong password for account {AccountId}", account.Id);
                return Forbid(Errors.InvalidGrant, Refused);
            }
            if (!account.EmailConfirmed)
                return Forbid(Errors.InvalidGrant, "Confirm your email address first: follow the link in the email we sent when you signed up.");

            if (account.TwoFactorEnabled)
            {
                if (request.GetParameter(OtpParameter)?.ToString() is not { Length: > 0 } code)
                    return Forbid(Errors.InvalidGrant, $"This account needs the 6-digit code from its authenticator app, as the parameter '{OtpParameter}'.");
                if (!await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
                {
                    await users.AccessFailedAsync(account);
                    logger.LogInformation("Wrong authenticator code for account {AccountId}", account.Id);
                    return Forbid(Errors.InvalidGrant, "The authenticator code is wrong or has expired.");
                }
            }
            await users.ResetAccessFailedCountAsync(account);
            logger.LogInformation("Account {AccountId} signed in", account.Id);
            return await SignInAsync(await PersonAsync(account, account.TwoFactorEnabled, users), request.GetScopes(), scopes, ct);
        }

        // The portal's code (PKCE verifier and client secret checked by OpenIddict) or its refresh token: the person's
        // roles are read again, so a role taken away or a locked account tells at the next refresh.
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
                ?? throw new InvalidOperationException("OpenIddict admitted a code or refresh token it cannot read.");
            var multiFactor = granted.GetClaims(Features.Portal.PortalSignIn.MethodClaim).Contains(Features.Portal.PortalSignIn.MultiFactor);
            var account = await users.FindByIdAsync(granted.GetClaim(Claims.Subject) ?? "");
            if (account is null || !account.EmailConfirmed || await users.IsLockedOutAsync(account) || (account.TwoFactorEnabled && !multiFactor))
                return Forbid(Errors.InvalidGrant, "The sign-in behind this grant no longer holds: sign in again.");
            return await SignInAsync(await PersonAsync(account, multiFactor, users), granted.GetScopes(), scopes, ct);
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported here.");
    }

    /// <summary>
    /// A person's token claims. Roles that see personal data come only with a second factor: until the person has an
    /// authenticator, their token carries the others, enough to enrol one.
    /// </summary>
    public static async Task<ClaimsIdentity> PersonAsync(Account account, bool multiFactor, UserManager<Account> users)
    {
        var roles = (await users.GetRolesAsync(account)).ToList();
        if (!multiFactor) roles.RemoveAll(AccountRoles.NeedMultiFactor.Contains);
        var identity = NewIdentity(account.Id, roles);
        identity.SetClaim(Features.Portal.PortalSignIn.MethodClaim, multiFactor ? Features.Portal.PortalSignIn.MultiFactor : Features.Portal.PortalSignIn.Password);
        return identity;
    }

    private static ClaimsIdentity NewIdentity(string subject, IEnumerable<string> roles)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaims(Claims.Role, [.. roles]);
        return identity;
    }

    /// <summary>Signs in with the scopes granted and, as audiences, the services those scopes are for.</summary>
    public static async Task<IResult> SignInAsync(ClaimsIdentity identity, System.Collections.Immutable.ImmutableArray<string> granted,
        IOpenIddictScopeManager scopes, CancellationToken ct)
    {
        identity.SetScopes(granted);
        var audiences = new List<string>();
        await foreach (var resource in scopes.ListResourcesAsync(granted, ct)) audiences.Add(resource);
        identity.SetResources(audiences.Distinct());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public static IResult Forbid(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>For an unknown address: as long as checking a real password, so timing does not tell who has an account.</summary>
    public static void SpendAPasswordCheck(IPasswordHasher<Account> hasher, string password) =>
        _ = hasher.VerifyHashedPassword(TimingAccount, TimingHash(hasher), password);

    private static readonly Account TimingAccount = new();
    private static string? _timingHash;
    private static string TimingHash(IPasswordHasher<Account> hasher) => _timingHash ??= hasher.HashPassword(TimingAccount, Guid.NewGuid().ToString());
}

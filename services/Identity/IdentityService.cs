using MhAll.Identity.Data;
using MhAll.Identity.Email;
using MhAll.Identity.Features.Accounts;
using MhAll.Identity.Features.Authenticator;
using MhAll.Identity.Features.Clients;
using MhAll.Identity.Features.Grants;
using MhAll.Identity.Features.Portal;
using MhAll.Identity.Features.Tokens;
using MhAll.Identity.Keys;
using MhAll.Identity.Passwords;
using MhAll.Messaging;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.Identity;

/// <summary>
/// Everything the identity service registers and maps: ASP.NET Core Identity for people, OpenIddict for tokens and
/// partner clients, the key ring, and email. See docs/decisions/0012-identity.md.
/// </summary>
public static class IdentityService
{
    public static WebApplicationBuilder AddIdentityService(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<IdentitySettings>().Bind(builder.Configuration.GetSection(IdentitySettings.Section))
            // The portal's secret has no default outside Development, like every other secret of the service.
            .Validate(s => development || s.Portal.ClientSecret is { Length: >= 32 }, "Identity:Portal:ClientSecret must be set (32 characters or more) outside Development.")
            .Validate(s => development || s.Portal.RedirectUris.Count > 0, "Identity:Portal:RedirectUris must be set outside Development.")
            .ValidateOnStart();
        builder.Services.AddOptions<KeyRotationOptions>().Bind(builder.Configuration.GetSection(KeyRotationOptions.Section));
        var settings = builder.Configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>() ?? new IdentitySettings();

        builder.AddServiceDatabase<AccountsDbContext, WebApplicationBuilder>(ResourceNames.Identity);
        // The keys that protect the signing keys and the emailed tokens, in the same database (their own protection at
        // rest is the deployment's: docs/decisions/0012-identity.md).
        builder.Services.AddDataProtection().SetApplicationName("mh-all-identity").PersistKeysToDbContext<AccountsDbContext>();

        builder.Services.AddIdentityCore<Account>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = PasswordRules.MinLength;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>();
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(1));

        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddict.Server.OpenIddictServerOptions>, KeyRingServerOptions>();
        builder.Services.AddHostedService<KeyRotationService>();

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AccountsDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(settings.Issuer);
                o.SetTokenEndpointUris(TokenEndpoint.Path.TrimStart('/'))
                    .SetAuthorizationEndpointUris(Authorize.Path.TrimStart('/'))
                    .SetEndSessionEndpointUris(EndSession.Path.TrimStart('/'))
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                o.AllowClientCredentialsFlow();
                // The portal: authorization code with PKCE, S256 only (plain would let a stolen code be redeemed), and refresh.
                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
                // Refresh tokens as short opaque references to the database row: revocable there, and within the token
                // endpoint's parameter limit (a self-contained one is several kilobytes).
                o.UseReferenceRefreshTokens();
                o.Configure(server => server.CodeChallengeMethods.Remove(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));
                // People's password grant, for tests and trying the API only.
                if (development) o.AllowPasswordFlow();
                o.RegisterScopes([.. ApiScopes.AudienceOf.Keys]);
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                o.AddEventHandler(TokenRequestGuard.Descriptor);
                // Resource servers validate access tokens with the published keys alone: signed, not encrypted.
                o.DisableAccessTokenEncryption();
                // TLS ends at the gateway, which forwards plain HTTP inside the network (docs/decisions/0012-identity.md).
                o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        // Identity's own sign-in cookie, read only by the authorize endpoint (the API stays bearer-only).
        builder.Services.AddAuthentication().AddCookie(PortalSignIn.Scheme, o =>
        {
            o.Cookie.Name = PortalSignIn.CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax; // sent on the portal's top-level redirect to /connect/authorize
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = PortalSignIn.Lifetime;
            o.SlidingExpiration = false;
            o.LoginPath = SignInPage.Path;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "mhall.antiforgery";
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        // The service's own endpoints accept its own tokens and, in Development, the tests' HMAC tokens (Auth:SigningKey).
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<KeyRing>((jwt, ring) =>
            {
                var platform = jwt.TokenValidationParameters;
                var platformKey = platform.IssuerSigningKey;
                jwt.TokenValidationParameters = platform.Clone();
                jwt.TokenValidationParameters.ValidIssuers = [platform.ValidIssuer, settings.Issuer.AbsoluteUri];
                jwt.TokenValidationParameters.ValidAudiences = [platform.ValidAudience, ResourceNames.Identity];
                jwt.TokenValidationParameters.ValidAlgorithms = [.. platform.ValidAlgorithms ?? [], SecurityAlgorithms.RsaSha256];
                jwt.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) =>
                    [.. platformKey is null ? [] : new[] { platformKey }, .. ring.Current.Published];
            });

        // Behind the gateway: the scheme and host a person used arrive as X-Forwarded-Proto/-Host (YARP sends the
        // service's own address as Host), honoured only from the proxies ASP.NET Core trusts by default (loopback).
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = 1;
        });

        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddHostedService<EmailSender>();
        return builder;
    }

    public static async Task<bool> PrepareAsync(this WebApplication app, string[] args) =>
        await app.MigrateDatabaseAsync<AccountsDbContext>(args, async (db, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await IdentitySeeding.SeedAsync(scope.ServiceProvider, app.Environment.IsDevelopment(), ct);
        });

    public static WebApplication MapIdentityService(this WebApplication app)
    {
        var api = app.MapGroup("/api/identity").WithTags("Identity");
        api.MapSignUp();
        api.MapVerifyEmail();
        api.MapRequestPasswordReset();
        api.MapResetPassword();
        api.MapEnrolAuthenticator();
        api.MapConfirmAuthenticator();
        api.MapGrantRole();
        api.MapRegisterClient();
        api.MapRotateClientSecret();
        app.MapTokenEndpoint();
        app.MapAuthorize();
        app.MapEndSession();
        app.MapSignInPage();
        app.MapDevelopmentTokens();
        return app;
    }
}

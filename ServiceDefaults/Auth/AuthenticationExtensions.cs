using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.ServiceDefaults.Auth;

public static class AuthenticationExtensions
{
    /// <summary>JWT bearer authentication with MH-ALL's roles and one policy per role.</summary>
    public static TBuilder AddMhAllAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            // The HMAC key is the tests' (their fixtures set it): any holder mints any role. In Development it is optional
            // (no key, no HMAC tokens: only identity's); outside Development a configured one is a mistake to stop at.
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || o.SigningKey.Length >= 32, "Auth:SigningKey, when set, must be at least 32 characters.")
            .Validate(o => isDevelopment || string.IsNullOrEmpty(o.SigningKey),
                "Auth:SigningKey (the test tokens' shared key) must not be configured outside Development: tokens come from the identity service.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var settings = auth.Value;
                var testKey = isDevelopment && !string.IsNullOrEmpty(settings.SigningKey);
                jwt.MapInboundClaims = false; // keep "sub" and "role" as issued
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    // Without the tests' key no key of ours: only identity's RS256 tokens (IdentityTokens) can pass.
                    IssuerSigningKey = testKey ? settings.CreateKey() : null,
                    ValidAlgorithms = [testKey ? SecurityAlgorithms.HmacSha256 : SecurityAlgorithms.RsaSha256],
                    ClockSkew = settings.ClockSkew, // the default 5 minutes is too lenient
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = "role",
                };
                // Whatever signed it, a token must name its subject well: a person's own records are found by it, and
                // it is stored beside what they do (in columns of that length).
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub) is not { Length: > 0 and <= MaxSubjectLength } subject
                            || subject.Any(char.IsControl))
                            context.Fail("The token names no usable subject (sub).");
                        return Task.CompletedTask;
                    },
                };
            });

        // Every policy also holds a partner token to the scopes of the endpoint (PartnerScopes): one rule, not one per service.
        static Action<AuthorizationPolicyBuilder> AnyOf(params string[] roles) => p => p.RequireRole(roles).AddRequirements(PartnerScopeRequirement.Instance);
        builder.Services.AddSingleton<IAuthorizationHandler>(PartnerScopeRequirement.Instance);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser().AddRequirements(PartnerScopeRequirement.Instance))
            .AddPolicy(Policies.VolunteerOnly, AnyOf(Roles.Volunteer))
            .AddPolicy(Policies.Volunteer, AnyOf(Roles.Volunteer, Roles.Coordinator))
            .AddPolicy(Policies.Researcher, AnyOf(Roles.Researcher, Roles.Coordinator))
            .AddPolicy(Policies.Staff, AnyOf(Roles.Staff, Roles.Coordinator))
            .AddPolicy(Policies.StaffOnly, AnyOf(Roles.Staff))
            .AddPolicy(Policies.PanelMember, AnyOf(Roles.PanelMember, Roles.Coordinator))
            .AddPolicy(Policies.PanelMemberOnly, AnyOf(Roles.PanelMember))
            .AddPolicy(Policies.Partner, AnyOf(Roles.Partner, Roles.Coordinator))
            .AddPolicy(Policies.Coordinator, AnyOf(Roles.Coordinator))
            .AddPolicy(Policies.Reviewer, AnyOf(Roles.Researcher, Roles.Staff, Roles.Coordinator))
            .AddPolicy(Policies.Insights, AnyOf(Roles.Researcher, Roles.Staff, Roles.Partner, Roles.Coordinator))
            // An endpoint that forgot to name its policy still needs a signed-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(PartnerScopeRequirement.Instance).Build());

        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The longest subject id a token may carry.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>The caller's subject id ("sub"), which identifies a person's own records; authentication refuses a token without one.</summary>
    public static string SubjectId(this ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("The token has no subject.");
}

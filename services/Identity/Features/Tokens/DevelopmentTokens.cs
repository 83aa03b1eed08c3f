using MhAll.Identity.Keys;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MhAll.Identity.Features.Tokens;

/// <summary>
/// <c>POST /dev/token</c>: a token for any role and subject, so a person or a test can try the API without an account.
/// Development only: outside it the endpoint is not mapped (a 404), the handler refuses as well, and the gateway does
/// not route the path. Signed like every token of identity's (RS256 with the active key of the ring, its <c>kid</c>,
/// this issuer), so the services and the gateway need no key of their own to accept it (docs/decisions/0012-identity.md).
/// </summary>
public static class DevelopmentTokens
{
    public const string Path = "/dev/token";

    /// <summary>Marks a development token (<c>amr</c>), so logs and a reader of the token can tell it from a sign-in.</summary>
    public const string Method = "dev";

    public sealed record Request(string? Role, string? Subject);
    public sealed record Response(string AccessToken, string TokenType, int ExpiresIn, string Subject, string Role);

    public static WebApplication MapDevelopmentTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return app; // never mapped outside Development
        app.MapPost(Path, Issue).AllowAnonymous()
            .WithSummary("Development only: a token for any role, for every service. Omit subject for a new person.");
        return app;
    }

    private static Results<Ok<Response>, ValidationProblem, ProblemHttpResult, NotFound> Issue(Request request, KeyRing keys,
        IOptions<IdentitySettings> settings, IHostEnvironment environment, TimeProvider clock, ILogger<Request> logger)
    {
        if (!environment.IsDevelopment()) return TypedResults.NotFound(); // belt and braces: the route is not mapped there
        var errors = new ValidationErrors();
        errors.RequiredOneOf("role", request.Role, Roles.All);
        errors.MaxLength("subject", request.Subject, AuthenticationExtensions.MaxSubjectLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (keys.Current.Active is not { } key)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The signing keys are not loaded yet; try again in a moment.");

        var subject = string.IsNullOrWhiteSpace(request.Subject) ? Guid.NewGuid().ToString() : request.Subject.Trim();
        var now = clock.GetUtcNow();
        var lifetime = settings.Value.AccessTokenLifetime; // as a signed-in person's: within the key schedule's overlap
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = settings.Value.Issuer.AbsoluteUri,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = subject,
                ["role"] = request.Role!,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                ["amr"] = Method,
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        };
        // Every service, as the gateway's HMAC tokens were: a development token is for trying the whole API.
        foreach (var service in ResourceNames.Services) descriptor.Audiences.Add(service);
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        logger.LogInformation("Development token issued for role {Role}", request.Role);
        return TypedResults.Ok(new Response(token, "Bearer", (int)lifetime.TotalSeconds, subject, request.Role!));
    }
}

using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MhAll.Gateway;

/// <summary>
/// <c>POST /dev/token</c>: a signed token for any role, so a person or a test can use the API without an
/// identity provider. Mapped only in Development; anonymous on purpose.
/// </summary>
public static class DevelopmentTokens
{
    public sealed record Request(string? Role, string? Subject);
    public sealed record Response(string AccessToken, string TokenType, int ExpiresIn, string Subject, string Role);

    public static WebApplication MapDevelopmentTokens(this WebApplication app)
    {
        app.MapPost("/dev/token", Issue).AllowAnonymous()
            .WithSummary("Development only: a token for any role. Omit subject for a new person.");
        return app;
    }

    private static Results<Ok<Response>, ValidationProblem> Issue(Request request, DevelopmentTokenIssuer issuer)
    {
        var errors = new ValidationErrors();
        if (request.Role is null || !Roles.All.Contains(request.Role))
            errors.Add("role", $"Choose one of: {string.Join(", ", Roles.All)}.");
        errors.MaxLength("subject", request.Subject, 200);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var subject = string.IsNullOrWhiteSpace(request.Subject) ? Guid.NewGuid().ToString() : request.Subject.Trim();
        var token = issuer.Issue(subject, request.Role!);
        return TypedResults.Ok(new Response(token, "Bearer", (int)DevelopmentTokenIssuer.Lifetime.TotalSeconds, subject, request.Role!));
    }
}

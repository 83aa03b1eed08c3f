using Microsoft.AspNetCore.Http;

namespace MhAll.ServiceDefaults.Http;

/// <summary>
/// The input guard (docs/decisions/0006) for what does not come as JSON: each query-string and route value holds no
/// control character and at most <see cref="InputLimits.QueryValue"/> characters, and the query string as a whole at
/// most <see cref="InputLimits.QueryString"/>. Runs after authorisation, so a refused role still hears 403 first.
/// </summary>
public sealed class QueryInputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (Refusal(context.Request) is not { } refusal)
        {
            await next(context);
            return;
        }
        var (field, message) = refusal;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred.",
            },
        });
    }

    /// <summary>The parameter at fault and why, or null when the query and route values are acceptable.</summary>
    public static (string Field, string Message)? Refusal(HttpRequest request)
    {
        var limits = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<QueryLimits>() ?? QueryLimits.Default;
        // The value at fault by name first; the whole query string only when each value is fine on its own.
        foreach (var (key, values) in request.Query)
        {
            if (Problem(key, InputLimits.QueryValue) is { } badKey) return ("query", badKey);
            foreach (var value in values)
                if (Problem(value, limits.Value) is { } badValue) return (key, badValue);
        }
        foreach (var (key, value) in request.RouteValues)
            if (value is string text && Problem(text, InputLimits.QueryValue) is { } badValue) return (key, badValue);
        return request.QueryString.Value?.Length > limits.Whole
            ? ("query", $"A query string of at most {limits.Whole} characters.")
            : null;
    }

    private static string? Problem(string? value, int maxLength) =>
        value is null ? null
        : value.Length > maxLength ? $"At most {maxLength} characters."
        : value.Any(char.IsControl) ? "Control characters (line breaks, tabs, NUL and the like) are not allowed."
        : null;
}

/// <summary>
/// Endpoint metadata for the few endpoints whose query carries a protocol's long values (OpenID Connect's authorize
/// request, and the sign-in page's return to it): longer values and query string, still no control character.
/// </summary>
public sealed record QueryLimits(int Value, int Whole)
{
    public static readonly QueryLimits Default = new(InputLimits.QueryValue, InputLimits.QueryString);
    /// <summary>An authorize request, or a URL that holds one.</summary>
    public static readonly QueryLimits OpenIdConnect = new(4000, 8000);
}

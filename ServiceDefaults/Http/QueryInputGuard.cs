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
        // The value at fault by name first; the whole query string only when each value is fine on its own.
        foreach (var (key, values) in request.Query)
        {
            if (Problem(key) is { } badKey) return ("query", badKey);
            foreach (var value in values)
                if (Problem(value) is { } badValue) return (key, badValue);
        }
        foreach (var (key, value) in request.RouteValues)
            if (value is string text && Problem(text) is { } badValue) return (key, badValue);
        return request.QueryString.Value is { Length: > InputLimits.QueryString }
            ? ("query", $"A query string of at most {InputLimits.QueryString} characters.")
            : null;
    }

    private static string? Problem(string? value) =>
        value is null ? null
        : value.Length > InputLimits.QueryValue ? $"At most {InputLimits.QueryValue} characters."
        : value.Any(char.IsControl) ? "Control characters (line breaks, tabs, NUL and the like) are not allowed."
        : null;
}

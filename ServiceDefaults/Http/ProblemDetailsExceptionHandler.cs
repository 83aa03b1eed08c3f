using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MhAll.ServiceDefaults.Http;

/// <summary>
/// Turns exceptions into RFC 9457 problem details: malformed requests become a 400 naming the
/// field at fault; a row changed by someone else between this request's read and its save (optimistic
/// concurrency) a 409; a database or broker that cannot be reached a 503 with Retry-After; anything unexpected
/// a 500 that reveals nothing but the trace id.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = bad.InnerException is JsonException json
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [FieldOf(json)] = [ReasonOf(json)] })
                {
                    Title = "The request body is not valid JSON for this operation.",
                }
                : ParameterOf(bad) is { } parameter
                    ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [parameter.Name] = [parameter.Reason] })
                    {
                        Title = "The request is malformed.",
                    }
                    : new ProblemDetails { Title = "The request is malformed.", Detail = bad.Message };
            problem.Status = bad.StatusCode;
        }
        else if (exception is DbUpdateConcurrencyException)
        {
            // The save was refused whole, so nothing of this request was written; the other change stands.
            logger.LogInformation("Concurrent change refused on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "This was changed by someone else meanwhile; reload it and try again.",
                Detail = "Nothing you sent was saved.",
            };
        }
        else if (DependencyFailures.Unavailable(exception) is { } dependency)
        {
            logger.LogWarning(exception, "{Dependency} unavailable on {Method} {Path}", dependency, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = $"This service's {dependency} is unavailable just now. Nothing was changed; please try again shortly.",
            };
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side. Nothing you sent was lost; please try again.",
            };
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private const string RetryAfterSeconds = "5";

    /// <summary>
    /// "$.contact.email" → "contact.email"; the guard's refusals add the member below the object the serializer was
    /// reading ("$.criteria" + ".languages[0]"); the whole body when the path is unknown.
    /// </summary>
    private static string FieldOf(JsonException json)
    {
        var path = json.Path + (json as InputRefusedException)?.Member;
        return path.StartsWith("$.", StringComparison.Ordinal) && path.Length > 2 ? path[2..]
            : path.StartsWith("$[", StringComparison.Ordinal) ? path[1..]
            : "body";
    }

    /// <summary>
    /// The query or route parameter a binding failure names ('Failed to bind parameter "int? page" from "x".'), or
    /// "body" when it is the body that is missing; null when the message names none.
    /// </summary>
    private static (string Name, string Reason)? ParameterOf(BadHttpRequestException bad)
    {
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)) return ("body", "A JSON body is required.");
        var match = BoundParameter().Match(bad.Message);
        if (!match.Success) return null;
        // A parameter bound from a record ([AsParameters]) is named by its property: the client knows it in camelCase.
        var name = match.Groups[1].Value;
        return (char.ToLowerInvariant(name[0]) + name[1..], bad.Message.StartsWith("Required", StringComparison.Ordinal)
            ? "This field is required." : "This value has the wrong type or format.");
    }

    [GeneratedRegex("""parameter "[^"]*?(\w+)"(?: from| was not)""")]
    private static partial Regex BoundParameter();

    private static string ReasonOf(JsonException json) =>
        json is InputRefusedException ? json.Message
        : json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is not part of the request."
        : json.Path is { Length: > 2 } ? "This value has the wrong type or format."
        : "The body is not well-formed JSON.";

    /// <summary>Adds the trace and correlation ids to every problem so a person can quote them to support.</summary>
    public static void Enrich(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        if (CorrelationIdMiddleware.Of(context.HttpContext) is { } correlationId)
            context.ProblemDetails.Extensions["correlationId"] = correlationId;
    }
}

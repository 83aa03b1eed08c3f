using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MhAll.ServiceDefaults.Http;

/// <summary>
/// Every request carries an <c>X-Correlation-Id</c>: taken from the caller when it is well formed,
/// made up otherwise, echoed in the response, put in the log scope and on the trace, and forwarded
/// (the gateway's proxy copies request headers to the service).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[HeaderName].ToString();
        if (!IsWellFormed(id))
        {
            id = Guid.NewGuid().ToString("N");
            context.Request.Headers[HeaderName] = id;
        }
        context.Items[HeaderName] = id;
        // Set as the response starts, replacing any copy a proxied service sent back, so the header appears once.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            await next(context);
    }

    public static string? Of(HttpContext context) => context.Items[HeaderName] as string;

    private static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

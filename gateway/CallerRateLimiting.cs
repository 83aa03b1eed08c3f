using System.Threading.RateLimiting;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MhAll.Gateway;

/// <summary>Settings of <see cref="CallerRateLimiting"/>, section <c>RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// A fixed window of requests per caller (the token's subject, else the client address). Over the limit
/// the answer is 429 with Retry-After and a problem details body, not ASP.NET's default 503.
/// </summary>
public static class CallerRateLimiting
{
    public const string Policy = "per-caller";

    public static WebApplicationBuilder AddCallerRateLimiting(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
            }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Window;
                var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Please wait {seconds} seconds before trying again.",
                    },
                });
            };
        });
        return builder;
    }

    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "sub:" + http.User.SubjectId()
        : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}

using System.Threading.RateLimiting;
using MhAll.ServiceDefaults.Auth;
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
/// the answer is 429 with Retry-After and a problem details body, not ASP.NET's default 503. The anonymous identity
/// routes have a tighter limit per client address (<see cref="Hardening.AnonymousPolicy"/>).
/// </summary>
public static class CallerRateLimiting
{
    public const string Policy = "per-caller";

    public static WebApplicationBuilder AddCallerRateLimiting(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        var hardening = builder.Configuration.GetSection("Hardening").Get<HardeningOptions>() ?? new HardeningOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
            }));
            Hardening.AddAnonymousPolicy(o, hardening);
            o.OnRejected = (context, _) => new ValueTask(Hardening.RejectAsync(context.HttpContext, context.Lease, settings.Window));
        });
        return builder;
    }

    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "sub:" + http.User.SubjectId()
        : "ip:" + Hardening.AddressOf(http);
}

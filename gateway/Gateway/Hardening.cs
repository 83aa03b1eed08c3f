using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;

namespace MhAll.Gateway;

/// <summary>Settings of <see cref="Hardening"/>, section <c>Hardening</c>.</summary>
public sealed class HardeningOptions
{
    /// <summary>Proxies (load balancers) in front of the gateway whose <c>X-Forwarded-For/-Proto</c> are believed; loopback always.</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Networks of such proxies, in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];
    /// <summary>Anonymous requests per client address and window to sign-up, verification, reset and the token endpoint.</summary>
    public int AnonymousPermitLimit { get; set; } = 300;
    /// <summary>Answers of 401 per client address and window before the address is held off.</summary>
    public int FailedAuthenticationLimit { get; set; } = 300;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// What the internet-facing front door adds (docs/decisions/0012-identity.md, "Gateway hardening"): forwarded headers
/// from trusted proxies only, HTTPS with HSTS outside Development, security headers and <c>Cache-Control: no-store</c>
/// on every API answer, and limits per client address on anonymous sign-in traffic and on failed authentication.
/// </summary>
public static class Hardening
{
    public const string AnonymousPolicy = "per-address-anonymous";

    /// <summary>The portal will be server-rendered from our own origin: nothing inline, nothing from elsewhere, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    /// <summary>Swagger UI sets inline styles; only its pages get them.</summary>
    private const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    public static WebApplicationBuilder AddHardening(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Hardening").Get<HardeningOptions>() ?? new HardeningOptions();
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1; // the nearest trusted proxy's word only: an earlier hop can be anyone
            foreach (var proxy in settings.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        builder.Services.AddHsts(o => { o.MaxAge = settings.HstsMaxAge; o.IncludeSubDomains = true; });
        builder.Services.AddSingleton(new FailedAuthenticationLimiter(settings));
        return builder;
    }

    /// <summary>First in the pipeline: the client address and scheme are known before anything uses them.</summary>
    public static WebApplication UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") ? DocsContentSecurityPolicy : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
                headers["Referrer-Policy"] = "no-referrer";
                // Every API answer may carry personal data, whatever the service sets (YARP copies its headers first).
                if (IsApi(http.Request.Path))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers.Remove("Expires");
                }
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/connect") || path.StartsWithSegments("/account") || path.StartsWithSegments("/dev");

    /// <summary>Before authentication: an address that has had too many 401s is answered 429 until its window ends.</summary>
    public static void UseFailedAuthenticationLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limiter = http.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
        var address = AddressOf(http);
        using (var check = limiter.Check(address))
            if (!check.IsAcquired)
            {
                await RejectAsync(http, check, limiter.Window);
                return;
            }
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized) limiter.CountFailure(address);
    });

    /// <summary>The policy of the anonymous identity routes: a fixed window per client address.</summary>
    public static void AddAnonymousPolicy(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options, HardeningOptions settings) =>
        options.AddPolicy(AnonymousPolicy, http => RateLimitPartition.GetFixedWindowLimiter(AddressOf(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.AnonymousPermitLimit, Window = settings.Window, QueueLimit = 0,
        }));

    /// <summary>The client's address, after <c>UseForwardedHeaders</c> has taken it from a trusted proxy's header.</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>429 with Retry-After and a problem details body, for every limit of the gateway.</summary>
    public static async Task RejectAsync(HttpContext http, RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Please wait {seconds} seconds before trying again.",
            },
        });
    }
}

/// <summary>A fixed window of failed authentications (401 answers) per client address.</summary>
public sealed class FailedAuthenticationLimiter(HardeningOptions settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.FailedAuthenticationLimit, Window = settings.Window, QueueLimit = 0,
        }));

    public TimeSpan Window => settings.Window;

    /// <summary>Asks for no permit: acquired while the address has failures left, refused (with Retry-After) once it has none.</summary>
    public RateLimitLease Check(string address) => _limiter.AttemptAcquire(address, 0);

    public void CountFailure(string address) => _limiter.AttemptAcquire(address).Dispose();

    public void Dispose() => _limiter.Dispose();
}

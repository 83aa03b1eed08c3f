using System.Threading.RateLimiting;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace MhAll.Gateway;

/// <summary>Settings of <see cref="CallerRateLimiting"/>, section <c>RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Requests per window for each partner system (a client-credentials token), whichever token it uses.</summary>
    public int PartnerPermitLimit { get; set; } = 300;
    /// <summary>A partner's own limit, by client id (<c>RateLimiting:Partners:{clientId}</c>), where an agreement says more or less.</summary>
    public Dictionary<string, int> Partners { get; set; } = new(StringComparer.Ordinal);

    public int PermitsFor(string? clientId) =>
        clientId is null ? PermitLimit : Partners.TryGetValue(clientId, out var own) ? own : PartnerPermitLimit;
}

/// <summary>
/// A fixed window of requests per caller: a partner system by its client id (its own limit, <see
/// cref="RateLimitingOptions.PartnerPermitLimit"/> or an agreed one), a person by the token's subject, anyone else by
/// client address. Over the limit the answer is 429 with Retry-After and a problem details body, not ASP.NET's default
/// 503. The anonymous identity routes have a tighter limit per client address (<see cref="Hardening.AnonymousPolicy"/>).
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
            o.AddPolicy(Policy, http =>
            {
                var client = PartnerClientOf(http.User);
                return RateLimitPartition.GetFixedWindowLimiter(client is null ? CallerOf(http) : "client:" + client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitsFor(client),
                    Window = settings.Window,
                    QueueLimit = 0,
                });
            });
            Hardening.AddAnonymousPolicy(o, hardening);
            o.OnRejected = (context, _) => new ValueTask(Hardening.RejectAsync(context.HttpContext, context.Lease, settings.Window));
        });
        return builder;
    }

    /// <summary>The claim identity writes a token's client into (RFC 9068).</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>
    /// The partner system a client-credentials token is for, else null. Such a token is the client's own: its subject is
    /// its client id (RFC 9068) and its role partner. A person's token also names a client (the portal), but its subject is
    /// the person, and people are limited one by one, never together as the portal.
    /// </summary>
    public static string? PartnerClientOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Partner)
        && user.FindFirst(ClientIdClaim)?.Value is { Length: > 0 } client && client == user.SubjectId()
            ? client : null;

    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "sub:" + http.User.SubjectId()
        : "ip:" + Hardening.AddressOf(http);
}

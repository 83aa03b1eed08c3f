using System.Data.Common;

namespace MhAll.ServiceDefaults.Http;

/// <summary>
/// A server this service depends on (the database, the message broker) cannot be reached just now. Answered as
/// 503 with Retry-After: the request did nothing, and the same request a little later may well succeed.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, Exception innerException)
    : Exception($"The {dependency} cannot be reached.", innerException)
{
    public string Dependency { get; } = dependency;
}

public static class DependencyFailures
{
    /// <summary>
    /// The dependency that could not be reached, if that is what went wrong, anywhere in the exception's chain; null
    /// for any other failure. Time mends these: the same request or message may well succeed a little later.
    /// </summary>
    public static string? Unavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DependencyUnavailableException unavailable) return unavailable.Dependency;
            // Npgsql marks connection failures and the like as transient; EF Core wraps them after its own retries.
            if (e is DbException { IsTransient: true }) return "database";
        }
        return null;
    }
}

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

using System.Diagnostics;
using OpenTelemetry.Trace;

namespace MhAll.ServiceDefaults;

/// <summary>
/// Samples like the default (follow the parent, otherwise record) but drops database calls that nothing started:
/// no request, message or job. Those are the outbox relay's polls and the purge's queries, which would otherwise
/// fill the dashboard with one-span traces every few seconds and hide the traces people look for.
/// </summary>
public sealed class BackgroundDatabaseCallSampler : Sampler
{
    private readonly Sampler _default = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId == default && parameters.Kind == ActivityKind.Client && IsDatabaseCall(parameters.Name, parameters.Tags))
            return new SamplingResult(SamplingDecision.Drop);
        return _default.ShouldSample(parameters);
    }

    // Npgsql names its spans after the database system, or "CONNECT <database>" for a new connection; its tags
    // are added after the span starts.
    private static bool IsDatabaseCall(string name, IEnumerable<KeyValuePair<string, object?>>? tags) =>
        name == "postgresql" || name.StartsWith("CONNECT ", StringComparison.Ordinal)
        || tags?.Any(t => t.Key is "db.system" or "db.system.name") == true;
}

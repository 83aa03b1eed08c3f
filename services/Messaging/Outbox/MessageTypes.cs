using System.Collections.Concurrent;

namespace MhAll.Messaging.Outbox;

/// <summary>Names event types in the outbox by contract name and assembly, without version, so rows outlive a deploy.</summary>
public static class MessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) => Resolved.GetOrAdd(name, static n =>
        Type.GetType(n, throwOnError: false) ?? throw new InvalidOperationException($"Unknown message type '{n}'."));
}

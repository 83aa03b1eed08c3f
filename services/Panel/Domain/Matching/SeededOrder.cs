namespace MhAll.Panel.Domain.Matching;

/// <summary>
/// A stable, seeded hash of a member id (SplitMix64 finaliser over the id's bytes): the tie-break between equally
/// due members. Unlike input order or <see cref="object.GetHashCode"/>, it is the same on every machine and run, and a
/// new seed per request reshuffles who wins a tie, so no member wins every tie.
/// </summary>
public static class SeededOrder
{
    public static ulong Hash(Guid id, ulong seed)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var low = BitConverter.ToUInt64(bytes[..8]);
        var high = BitConverter.ToUInt64(bytes[8..]);
        return Mix(Mix(seed ^ low) ^ high);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace MhAll.Training.Domain;

/// <summary>
/// Who may take a place on a session (docs/decisions/0007). Until the priority release, <c>Reserved</c> of the places
/// are kept for under-served staff groups: anyone else may take one only while fewer than <c>Capacity - Reserved</c>
/// places are held by people outside those groups. After the release every free place is open to all. The waitlist
/// puts under-served groups first, then first come, first served.
/// </summary>
public static class Places
{
    /// <param name="Taken">Places held.</param>
    /// <param name="TakenByOthers">Places held by people outside the under-served groups.</param>
    public sealed record Counts(int Capacity, int Reserved, int Taken, int TakenByOthers);

    public static bool CanTake(bool underServed, bool released, Counts counts) =>
        counts.Taken < counts.Capacity && (underServed || released || counts.TakenByOthers < counts.Capacity - counts.Reserved);

    /// <summary>The waitlist's order: under-served first, then by the order requests took the session's lock.</summary>
    public static IOrderedEnumerable<T> InQueueOrder<T>(this IEnumerable<T> waitlist, Func<T, bool> underServed, Func<T, long> sequence) =>
        waitlist.OrderByDescending(underServed).ThenBy(sequence);
}

namespace MhAll.ServiceDefaults.Disclosure;

/// <summary>Why a published number is hidden.</summary>
public enum Suppression
{
    None,
    /// <summary>The count itself is 1–7.</summary>
    Small,
    /// <summary>Hidden so that a small count cannot be worked out from the total and the other counts.</summary>
    Secondary,
}

/// <summary>A count as published: rounded to the nearest 5, or hidden.</summary>
public sealed record ProtectedCell(string Group, int? Count, Suppression Suppression);

/// <summary>One table of counts (the groups of one dimension) with its total, as published.</summary>
public sealed record ProtectedTable(IReadOnlyList<ProtectedCell> Cells, int? Total, Suppression TotalSuppression);

/// <summary>
/// Statistical disclosure control on every count the programme publishes: counts of 1–7 are hidden, others rounded to
/// the nearest 5 (0 is a true zero and shown), and secondary suppression hides one more cell (or the total) when a
/// single hidden cell could otherwise be worked out as the total minus the others.
/// </summary>
public static class DisclosureControl
{
    public const int LargestSmallCount = 7;
    public const int RoundingBase = 5;

    public static bool IsSmall(int count) => count is > 0 and <= LargestSmallCount;

    public static int Round(int count) => (int)(Math.Round(count / (double)RoundingBase, MidpointRounding.AwayFromZero) * RoundingBase);

    /// <summary>A count that is no part of a table (nothing adds up to it or from it): rounded, or hidden when 1–7.</summary>
    public static int? Publish(int count) => IsSmall(count) ? null : Round(count);

    /// <summary>A table as programme staff see it, unprotected (each such read goes in the audit trail).</summary>
    public static ProtectedTable Exact(IReadOnlyList<(string Group, int Count)> cells) =>
        new(cells.Select(c => new ProtectedCell(c.Group, c.Count, Suppression.None)).ToList(), cells.Sum(c => c.Count), Suppression.None);

    /// <summary>A table as its reader sees it: protected, except for programme staff reading it <paramref name="raw"/>.</summary>
    public static ProtectedTable Publish(IReadOnlyList<(string Group, int Count)> cells, bool raw) => raw ? Exact(cells) : Protect(cells);

    /// <param name="totalIsPublic">
    /// The reader knows the exact total anyway (a proposed batch's size): it is published as it is and never hidden,
    /// so a lone hidden cell always takes a partner, a true zero if no other cell is left. Every hidden cell is then
    /// labelled secondary: beside an exact total, "small" would say the cell is not zero, and with a partner known to
    /// be zero or 8 and over, that can pin both (a batch of 5 in one group: hidden white "small", hidden asian a partner).
    /// </param>
    public static ProtectedTable Protect(IReadOnlyList<(string Group, int Count)> cells, bool totalIsPublic = false)
    {
        var total = cells.Sum(c => c.Count);
        var suppression = cells.Select(c => IsSmall(c.Count) ? Suppression.Small : Suppression.None).ToArray();
        var totalSuppression = !totalIsPublic && IsSmall(total) ? Suppression.Small : Suppression.None;

        if (totalSuppression == Suppression.None && suppression.Count(s => s != Suppression.None) == 1)
        {
            // One hidden cell and a published total: hide the smallest other non-zero cell too, or, when every
            // other cell is zero, the total (or, when the total is known regardless, one of the zeros).
            var shown = Enumerable.Range(0, cells.Count).Where(i => suppression[i] == Suppression.None).ToList();
            var partner = shown.Where(i => cells[i].Count > 0).OrderBy(i => cells[i].Count).ThenBy(i => i).Cast<int?>().FirstOrDefault()
                ?? (totalIsPublic ? shown.Cast<int?>().FirstOrDefault() : null);
            if (partner is { } p) suppression[p] = Suppression.Secondary;
            else if (!totalIsPublic) totalSuppression = Suppression.Secondary;
        }

        var published = cells.Select((c, i) => new ProtectedCell(c.Group, suppression[i] == Suppression.None ? Round(c.Count) : null,
            totalIsPublic && suppression[i] == Suppression.Small ? Suppression.Secondary : suppression[i])).ToList();
        return new ProtectedTable(published, totalSuppression != Suppression.None ? null : totalIsPublic ? total : Round(total), totalSuppression);
    }
}

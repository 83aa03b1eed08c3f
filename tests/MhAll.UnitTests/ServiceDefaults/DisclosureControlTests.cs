using MhAll.ServiceDefaults.Disclosure;

namespace MhAll.UnitTests.ServiceDefaults;

public sealed class DisclosureControlTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(8, 10)]
    [InlineData(12, 10)]
    [InlineData(13, 15)]
    [InlineData(1234, 1235)]
    public void Counts_are_rounded_to_the_nearest_five(int count, int published) => Assert.Equal(published, DisclosureControl.Round(count));

    [Fact]
    public void Counts_of_one_to_seven_are_hidden_and_true_zeros_shown()
    {
        var table = DisclosureControl.Protect([("a", 0), ("b", 1), ("c", 7), ("d", 8), ("e", 40)]);
        Assert.Equal([0, null, null, 10, 40], table.Cells.Select(c => c.Count));
        Assert.Equal([Suppression.None, Suppression.Small, Suppression.Small, Suppression.None, Suppression.None], table.Cells.Select(c => c.Suppression));
        Assert.Equal(55, table.Total);
    }

    [Fact]
    public void A_lone_hidden_cell_takes_the_smallest_other_cell_with_it()
    {
        var table = DisclosureControl.Protect([("bangladeshi", 40), ("white-british", 3), ("black-african", 12), ("roma", 0)]);
        Assert.Equal([40, null, null, 0], table.Cells.Select(c => c.Count));
        Assert.Equal(Suppression.Secondary, table.Cells[2].Suppression);
        Assert.Equal(55, table.Total);
    }

    [Fact]
    public void When_every_other_cell_is_zero_the_total_is_hidden_instead()
    {
        var table = DisclosureControl.Protect([("a", 0), ("b", 5), ("c", 0)]);
        Assert.Null(table.Total);
        Assert.Equal(Suppression.Small, table.TotalSuppression); // 5 is itself small
        var larger = DisclosureControl.Protect([("a", 0), ("b", 5), ("c", 0), ("d", 0)]);
        Assert.All(larger.Cells.Where(c => c.Group != "b"), c => Assert.Equal(0, c.Count));
        Assert.Null(larger.Total);
    }

    [Fact]
    public void A_total_the_reader_knows_anyway_is_shown_exactly_and_a_lone_hidden_cell_then_hides_a_zero_with_it()
    {
        // A batch of 5, all in one group: hiding the total would not help, the batch's size is known.
        var table = DisclosureControl.Protect([("asian", 0), ("white", 5), ("not-stated", 0)], totalIsPublic: true);
        Assert.Equal(5, table.Total);
        Assert.Equal([null, null, 0], table.Cells.Select(c => c.Count));
        // One label for both: "small" beside a partner that is zero or 8 and over would give the 5 away.
        Assert.Equal([Suppression.Secondary, Suppression.Secondary, Suppression.None], table.Cells.Select(c => c.Suppression));
        // Otherwise the smallest other non-zero cell goes with it, as always.
        var larger = DisclosureControl.Protect([("asian", 3), ("white", 40), ("black", 12)], totalIsPublic: true);
        Assert.Equal([null, 40, null], larger.Cells.Select(c => c.Count));
        Assert.Equal(55, larger.Total);
    }

    /// <summary>
    /// An attacker knows the published total and cells, and that each published number is the true one rounded to
    /// the nearest 5. For thousands of random tables, no hidden cell is ever alone beside a published total, and no
    /// hidden cell has only one possible true value.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hidden_cells_cannot_be_worked_out_from_totals(bool totalIsPublic)
    {
        var random = new Random(20261127);
        var tables = 0;
        for (var t = 0; t < 5000; t++)
        {
            var cells = Enumerable.Range(0, random.Next(2, 6))
                .Select(i => ($"g{i}", random.Next(4) switch { 0 => 0, 1 => random.Next(1, 8), _ => random.Next(8, 60) }))
                .ToList();
            var table = DisclosureControl.Protect(cells, totalIsPublic);
            var hidden = table.Cells.Select((c, i) => (c, i)).Where(x => x.c.Count is null).Select(x => x.i).ToArray();
            if (hidden.Length == 0) continue;
            tables++;
            // Exactly one hidden cell beside a published total is the classic leak (total minus the rest).
            Assert.False(hidden.Length == 1 && table.Total is not null, $"one hidden cell beside the total in [{string.Join(", ", cells.Select(c => c.Item2))}]");
            foreach (var cell in hidden)
                Assert.True(PossibleValues(table, hidden, cell, totalIsPublic).Count >= 2,
                    $"cell {cell} of [{string.Join(", ", cells.Select(c => c.Item2))}] can be recovered");
        }
        Assert.True(tables > 1000, "the random tables exercised suppression");
    }

    /// <summary>Every value the hidden cell could take, given everything published and what each label says.</summary>
    private static HashSet<int> PossibleValues(ProtectedTable table, int[] hidden, int target, bool totalIsPublic)
    {
        var shownLow = table.Cells.Where(c => c.Count is not null).Sum(c => Math.Max(0, c.Count!.Value - 2));
        var shownHigh = table.Cells.Where(c => c.Count is not null).Sum(c => c.Count!.Value + 2);
        var slack = totalIsPublic ? 0 : 2;
        // Small is 1–7; a partner is zero or 8 and over, except beside a public total, where every hidden cell is
        // labelled a partner and may be anything.
        IEnumerable<int> Allowed(int cell) => Enumerable.Range(0, 61).Where(v => table.Cells[cell].Suppression == Suppression.Small
            ? v is >= 1 and <= 7 : totalIsPublic || v == 0 || v >= 8);
        // Every sum the other hidden cells can make together.
        var others = hidden.Where(i => i != target).Aggregate(new HashSet<int> { 0 },
            (sums, cell) => sums.SelectMany(sum => Allowed(cell).Select(v => sum + v)).ToHashSet());
        return Allowed(target).Where(v => table.Total is not { } total
            || others.Any(sum => sum + v + shownHigh >= total - slack && sum + v + shownLow <= total + slack)).ToHashSet();
    }
}

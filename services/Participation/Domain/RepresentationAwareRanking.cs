namespace MhAll.Participation.Domain;

/// <summary>A candidate for a study as ranking sees them: their group in each dimension (null when not known).</summary>
public sealed record RankedPerson(Guid Id, IReadOnlyList<string?> Groups);

/// <summary>
/// Orders a pool of candidates so that the groups a study has under-recruited come first (docs/decisions/0005).
/// Dimensions are fixed by the caller (ethnic broad group, IMD quintile, age band). A group's deficit is
/// (target − share) / target, where the share counts everyone invited so far plus those already picked; a
/// candidate's priority is the mean deficit over the dimensions where their group is known. Picks are greedy, one at
/// a time, so a batch does not overshoot a group; ties go to the pool's order, which the seed fixes.
/// </summary>
public static class RepresentationAwareRanking
{
    /// <param name="pool">Eligible candidates in the seeded order.</param>
    /// <param name="targets">Per dimension, each group's target share (the local population's, unless the study set its own).</param>
    /// <param name="invited">Per dimension, how many of the study's invitees so far are in each group.</param>
    public static List<(RankedPerson Person, double Priority)> Pick(IReadOnlyList<RankedPerson> pool,
        IReadOnlyList<IReadOnlyDictionary<string, double>> targets, IReadOnlyList<IReadOnlyDictionary<string, int>> invited, int size)
    {
        var dimensions = targets.Count;
        var counts = invited.Select(d => new Dictionary<string, int>(d)).ToArray();
        var totals = counts.Select(d => d.Values.Sum()).ToArray();

        // A priority depends only on a person's groups, so the pool is queued by combination of groups (at most a
        // few hundred), each queue in pool order: a pick compares the combinations' heads, not everyone.
        var queues = pool.Select((person, position) => (person, position))
            .GroupBy(p => string.Join('|', p.person.Groups.Select(g => g ?? "")))
            .Select(g => new Queue<(RankedPerson Person, int Position)>(g))
            .ToList();
        var picked = new List<(RankedPerson, double)>(Math.Min(size, pool.Count));
        while (picked.Count < size)
        {
            Queue<(RankedPerson Person, int Position)>? best = null;
            var bestPriority = double.NegativeInfinity;
            foreach (var queue in queues)
            {
                if (queue.Count == 0) continue;
                var priority = Priority(queue.Peek().Person);
                if (priority > bestPriority || (priority == bestPriority && queue.Peek().Position < best!.Peek().Position))
                    (best, bestPriority) = (queue, priority);
            }
            if (best is null) break;
            var person = best.Dequeue().Person;
            picked.Add((person, bestPriority));
            for (var d = 0; d < dimensions; d++)
            {
                if (person.Groups[d] is not { } group) continue;
                counts[d][group] = counts[d].GetValueOrDefault(group) + 1;
                totals[d]++;
            }
        }
        return picked;

        double Priority(RankedPerson person)
        {
            double sum = 0;
            var known = 0;
            for (var d = 0; d < dimensions; d++)
            {
                if (person.Groups[d] is not { } group) continue;
                var target = targets[d].GetValueOrDefault(group);
                if (target <= 0) continue;
                var share = totals[d] == 0 ? 0 : counts[d].GetValueOrDefault(group) / (double)totals[d];
                sum += (target - share) / target;
                known++;
            }
            return known == 0 ? 0 : sum / known;
        }
    }
}

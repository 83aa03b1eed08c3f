namespace MhAll.Training.Domain.Mentoring;

/// <summary>
/// Min-cost maximum flow on source → mentee (1) → mentor (capacity) → sink by successive shortest paths
/// (docs/decisions/0008). An edge costs <see cref="MentorFit.MaxScore"/> − score, so costs are never negative and
/// every flow of k units costs k·MaxScore − its total score: the cheapest flow of the largest size is the assignment
/// that matches the most mentees and, among those, has the greatest total fit. Each augmentation is the cheapest
/// way to match one more, and successive shortest paths keep each flow size's cheapest, so stopping when no path
/// is left gives exactly that optimum.
/// <para>
/// Dijkstra runs over mentors only (500, not 5,500 nodes): a path enters a mentor from an unmatched mentee, moves
/// from mentor a to mentor b by moving one of a's mentees to b, and ends at a mentor with a free place. Unmatched
/// mentees are never needed as nodes: a mentor's cheapest entry is the first still-unmatched mentee of its list
/// sorted by cost, and a matched mentee stays matched, so the lists are walked once over the whole run.
/// Potentials (Johnson) keep the reduced costs non-negative; all arithmetic is on integers.
/// </para>
/// </summary>
internal static class MaximumFitAssignment
{
    private const long Unreached = long.MaxValue / 4;
    private const int NoMove = int.MaxValue;

    /// <summary>Per mentee (the graph's order), the edge it is assigned by, or −1.</summary>
    public static int[] Solve(CompatibilityGraph graph)
    {
        int mentorCount = graph.Mentors.Length, menteeCount = graph.Mentees.Length;
        var capacity = graph.Mentors.Select(m => m.Capacity).ToArray();
        var cost = graph.EdgeScore.Select(score => MentorFit.MaxScore - score).ToArray();
        var (entryStart, entryEdges) = EntriesByMentor(graph, cost);

        var assignedEdge = new int[menteeCount];
        Array.Fill(assignedEdge, -1);
        var assigned = new List<int>[mentorCount]; // mentees currently with each mentor
        for (var v = 0; v < mentorCount; v++) assigned[v] = [];
        var nextEntry = entryStart[..mentorCount];
        var freePlaces = capacity.Sum(c => (long)c);

        var potential = new long[mentorCount];
        var distance = new long[mentorCount];
        var viaEdge = new int[mentorCount];     // the edge whose mentee a path moves onto this mentor
        var viaMentor = new int[mentorCount];   // the mentor that mentee leaves, or −1 when it was unmatched
        var settled = new bool[mentorCount];
        // Mentor a's moves: for each mentor b that one of a's mentees could go to, the cheapest such move (its cost
        // change and edge), in b order from a·mentors. Dijkstra reads at most one move per mentor pair instead of
        // every edge of a's mentees; a's moves change only when a path passes through a.
        var moveCount = new int[mentorCount];
        var moveTo = new int[mentorCount * mentorCount];
        var moveDelta = new int[mentorCount * mentorCount];
        var moveVia = new int[mentorCount * mentorCount];
        var cheapest = new int[mentorCount];
        var cheapestVia = new int[mentorCount];
        Array.Fill(cheapest, NoMove);
        // Keys are distance·mentors + mentor: equal distances are taken in mentor (id) order.
        var queue = new PriorityQueue<int, long>(mentorCount * 4);

        while (freePlaces > 0)
        {
            queue.Clear();
            for (var v = 0; v < mentorCount; v++)
            {
                settled[v] = false;
                distance[v] = Unreached;
                while (nextEntry[v] < entryStart[v + 1] && assignedEdge[graph.EdgeMentee[entryEdges[nextEntry[v]]]] >= 0) nextEntry[v]++;
                if (nextEntry[v] == entryStart[v + 1]) continue;
                var edge = entryEdges[nextEntry[v]];
                distance[v] = cost[edge] - potential[v];
                viaEdge[v] = edge;
                viaMentor[v] = -1;
                queue.Enqueue(v, distance[v] * mentorCount + v);
            }

            // A mentor with a free place has never been full (loads only grow), and its edge to the sink keeps reduced
            // cost 0, so the first such mentor settled ends the cheapest path.
            var end = -1;
            while (queue.TryDequeue(out var a, out var key))
            {
                if (settled[a] || key != distance[a] * mentorCount + a) continue;
                settled[a] = true;
                if (assigned[a].Count < capacity[a]) { end = a; break; }
                var leave = distance[a] + potential[a];
                for (int k = a * mentorCount, last = k + moveCount[a]; k < last; k++)
                {
                    var b = moveTo[k];
                    var through = leave + moveDelta[k] - potential[b];
                    if (through >= distance[b]) continue; // also when b is settled: reduced costs are never negative
                    distance[b] = through;
                    viaEdge[b] = moveVia[k];
                    viaMentor[b] = a;
                    queue.Enqueue(b, through * mentorCount + b);
                }
            }
            if (end < 0) break; // no mentee can be added: the flow is maximum

            for (var v = 0; v < mentorCount; v++) potential[v] += Math.Min(distance[v], distance[end]);
            for (var v = end; v >= 0;)
            {
                var edge = viaEdge[v];
                var mentee = graph.EdgeMentee[edge];
                var from = viaMentor[v];
                if (from >= 0) assigned[from].Remove(mentee);
                assigned[v].Add(mentee);
                assignedEdge[mentee] = edge;
                RecomputeMoves(v);
                v = from;
            }
            freePlaces--;
        }
        return assignedEdge;

        void RecomputeMoves(int a)
        {
            foreach (var w in assigned[a])
            {
                var current = cost[assignedEdge[w]];
                for (var e = graph.EdgeStart[w]; e < graph.EdgeStart[w + 1]; e++)
                {
                    var b = graph.EdgeMentor[e];
                    if (b == a || cost[e] - current >= cheapest[b]) continue;
                    cheapest[b] = cost[e] - current;
                    cheapestVia[b] = e;
                }
            }
            var k = a * mentorCount;
            for (var b = 0; b < mentorCount; b++)
            {
                if (cheapest[b] == NoMove) continue;
                (moveTo[k], moveDelta[k], moveVia[k]) = (b, cheapest[b], cheapestVia[b]);
                k++;
                cheapest[b] = NoMove;
            }
            moveCount[a] = k - a * mentorCount;
        }
    }

    /// <summary>Per mentor, its edges ordered by cost, then mentee: where a path from an unmatched mentee enters it most cheaply.</summary>
    private static (int[] Start, int[] Edges) EntriesByMentor(CompatibilityGraph graph, int[] cost)
    {
        var mentorCount = graph.Mentors.Length;
        var start = new int[mentorCount + 1];
        foreach (var v in graph.EdgeMentor) start[v + 1]++;
        for (var v = 0; v < mentorCount; v++) start[v + 1] += start[v];
        var edges = new int[graph.EdgeMentor.Length];
        var fill = start[..mentorCount];
        for (var e = 0; e < edges.Length; e++) edges[fill[graph.EdgeMentor[e]]++] = e; // mentee order within a mentor
        var keys = new long[edges.Length];
        for (var i = 0; i < edges.Length; i++) keys[i] = (long)cost[edges[i]] * graph.Mentees.Length + graph.EdgeMentee[edges[i]];
        for (var v = 0; v < mentorCount; v++) Array.Sort(keys, edges, start[v], start[v + 1] - start[v]);
        return (start, edges);
    }
}

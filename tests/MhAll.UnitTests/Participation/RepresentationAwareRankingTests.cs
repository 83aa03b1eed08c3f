using MhAll.Participation.Domain;

namespace MhAll.UnitTests.Participation;

public sealed class RepresentationAwareRankingTests
{
    private static readonly IReadOnlyDictionary<string, double>[] EvenTargets = [new Dictionary<string, double> { ["asian"] = 0.5, ["white"] = 0.5 }];

    private static RankedPerson Person(string? group) => new(Guid.NewGuid(), [group]);

    private static IReadOnlyDictionary<string, int>[] Invited(int asian, int white) =>
        [new Dictionary<string, int> { ["asian"] = asian, ["white"] = white }];

    [Fact]
    public void The_group_a_study_has_under_recruited_comes_first()
    {
        List<RankedPerson> pool = [Person("white"), Person("white"), Person("asian"), Person("white"), Person("asian")];
        var picked = RepresentationAwareRanking.Pick(pool, EvenTargets, Invited(asian: 0, white: 10), size: 3);
        Assert.Equal([pool[2], pool[4], pool[0]], picked.Select(p => p.Person));
    }

    [Fact]
    public void A_batch_moves_towards_the_targets_without_overshooting()
    {
        var pool = Enumerable.Range(0, 200).Select(i => Person(i % 5 == 0 ? "asian" : "white")).ToList(); // 40 asian, 160 white
        var picked = RepresentationAwareRanking.Pick(pool, EvenTargets, Invited(asian: 0, white: 0), size: 40);
        Assert.Equal(20, picked.Count(p => p.Person.Groups[0] == "asian"));
    }

    [Fact]
    public void Among_equals_the_pool_order_decides_so_the_seed_fixes_the_batch()
    {
        var pool = Enumerable.Range(0, 10).Select(_ => Person("white")).ToList();
        Assert.Equal(pool.Take(4), RepresentationAwareRanking.Pick(pool, EvenTargets, Invited(0, 0), 4).Select(p => p.Person));
    }

    [Fact]
    public void Someone_who_did_not_say_is_neither_favoured_nor_held_back()
    {
        List<RankedPerson> pool = [Person("asian"), Person(null), Person("white")];
        // Asian people are over-recruited (all 10 so far), White people under: White first, then not stated, then Asian.
        var picked = RepresentationAwareRanking.Pick(pool, EvenTargets, Invited(asian: 10, white: 0), size: 3);
        Assert.Equal([pool[2], pool[1], pool[0]], picked.Select(p => p.Person));
    }

    [Fact]
    public void A_small_pool_gives_everyone_it_has()
    {
        List<RankedPerson> pool = [Person("asian"), Person("white")];
        Assert.Equal(2, RepresentationAwareRanking.Pick(pool, EvenTargets, Invited(0, 0), 50).Count);
    }
}

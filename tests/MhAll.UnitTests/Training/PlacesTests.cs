using MhAll.Training.Domain;
using Microsoft.Extensions.Configuration;

namespace MhAll.UnitTests.Training;

public sealed class PlacesTests
{
    // 20 places, 5 kept for under-served groups.
    private static Places.Counts Held(int taken, int byOthers) => new(20, 5, taken, byOthers);

    [Theory]
    [InlineData(false, false, 14, 14, true)]   // an unkept place is free
    [InlineData(false, false, 15, 15, false)]  // only kept places are left
    [InlineData(true, false, 15, 15, true)]    // which under-served groups may take
    [InlineData(false, true, 15, 15, true)]    // and, after the release, anyone
    [InlineData(true, true, 20, 12, false)]    // full is full
    [InlineData(false, false, 19, 10, true)]   // kept places taken by under-served staff leave the rest to all
    public void A_place_is_taken_only_when_one_is_free_to_the_person(bool underServed, bool released, int taken, int byOthers, bool expected) =>
        Assert.Equal(expected, Places.CanTake(underServed, released, Held(taken, byOthers)));

    [Fact]
    public void The_waitlist_puts_under_served_groups_first_then_first_come()
    {
        (string Id, bool UnderServed, long Seq)[] queue = [("a", false, 1), ("b", true, 4), ("c", false, 2), ("d", true, 3)];
        Assert.Equal(["d", "b", "a", "c"], queue.InQueueOrder(q => q.UnderServed, q => q.Seq).Select(q => q.Id));
    }

    [Theory]
    [InlineData(20, 0.25, 5)]
    [InlineData(10, 0.25, 2)]
    [InlineData(3, 0.25, 0)]
    [InlineData(4, 1.0, 4)]
    public void Kept_places_are_the_share_rounded_down(int capacity, double share, int kept) =>
        Assert.Equal(kept, PriorityPlacesOptions.ReservedOf(capacity, share));

    [Fact]
    public void Under_served_groups_default_as_the_programme_set_them_and_configuration_replaces_them_whole()
    {
        var defaults = new UnderServedOptions();
        Assert.True(defaults.IsUnderServed(ProfessionGroups.AlliedHealth, OrganisationKinds.NhsTrust));
        Assert.True(defaults.IsUnderServed(ProfessionGroups.Nursing, OrganisationKinds.Vcse));
        Assert.True(defaults.IsUnderServed(ProfessionGroups.PeerSupport, OrganisationKinds.NhsTrust));
        Assert.False(defaults.IsUnderServed(ProfessionGroups.Medicine, OrganisationKinds.NhsTrust));

        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UnderServed:ProfessionGroups:0"] = ProfessionGroups.SocialWork,
        }).Build().GetSection(UnderServedOptions.Section).Get<UnderServedOptions>()!;
        Assert.Equal([ProfessionGroups.SocialWork], configured.ProfessionGroups!);
        Assert.False(configured.IsUnderServed(ProfessionGroups.AlliedHealth, OrganisationKinds.NhsTrust));
        Assert.True(configured.IsUnderServed(ProfessionGroups.SocialWork, OrganisationKinds.NhsTrust));
    }
}

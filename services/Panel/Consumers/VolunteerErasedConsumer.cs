using MhAll.Messaging.Erasure;
using MhAll.Panel.Data;

namespace MhAll.Panel.Consumers;

/// <summary>
/// Panel holds no register data: its members are its own records, found by their sign-in, never by a volunteer id, and
/// erased through <see cref="Features.Members.MemberRights"/>. An erasure of a volunteer therefore changes none of its
/// records; it records that it acted, which programme staff check, and features that come to hold volunteer data erase it here.
/// </summary>
public sealed class VolunteerErasedConsumer(PanelDbContext db, TimeProvider clock, ILogger<VolunteerErasedConsumer> logger)
    : VolunteerErasureConsumer<PanelDbContext>(db, clock, logger)
{
    protected override Task<int> EraseAsync(Guid volunteerId, CancellationToken cancellationToken) => Task.FromResult(0);
}

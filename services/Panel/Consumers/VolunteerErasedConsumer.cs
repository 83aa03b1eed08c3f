using MhAll.Messaging.Erasure;
using MhAll.Panel.Data;

namespace MhAll.Panel.Consumers;

/// <summary>
/// Panel holds no register data yet, so an erasure changes none of its records; it records that it acted, which
/// programme staff check, and features that come to hold volunteer data erase it here.
/// </summary>
public sealed class VolunteerErasedConsumer(PanelDbContext db, TimeProvider clock, ILogger<VolunteerErasedConsumer> logger)
    : VolunteerErasureConsumer<PanelDbContext>(db, clock, logger)
{
    protected override Task<int> EraseAsync(Guid volunteerId, CancellationToken cancellationToken) => Task.FromResult(0);
}

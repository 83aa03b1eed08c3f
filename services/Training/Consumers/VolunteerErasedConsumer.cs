using MhAll.Messaging.Erasure;
using MhAll.Training.Data;

namespace MhAll.Training.Consumers;

/// <summary>
/// Training holds no register data yet, so an erasure changes none of its records; it records that it acted, which
/// programme staff check, and features that come to hold volunteer data erase it here.
/// </summary>
public sealed class VolunteerErasedConsumer(TrainingDbContext db, TimeProvider clock, ILogger<VolunteerErasedConsumer> logger)
    : VolunteerErasureConsumer<TrainingDbContext>(db, clock, logger)
{
    protected override Task<int> EraseAsync(Guid volunteerId, CancellationToken cancellationToken) => Task.FromResult(0);
}

using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Messaging.Inbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MhAll.Messaging.Erasure;

/// <summary>
/// A service's record that it acted on a volunteer's erasure: the pseudonymous id only. It lets programme staff
/// confirm an erasure reached every service, and lets a feature refuse data that later arrives for an erased id.
/// </summary>
public sealed class ErasedVolunteer
{
    public Guid VolunteerId { get; init; }
    public DateTimeOffset ErasedAt { get; init; }
    public DateTimeOffset ActedAt { get; init; }
    /// <summary>How many of the service's own records held personal data about the volunteer and were erased.</summary>
    public int RecordsErased { get; init; }
}

/// <summary>
/// Acts on <see cref="VolunteerErased"/> in a service: erases what the service holds (<see cref="EraseAsync"/>,
/// in the consumer's transaction) and records that it did.
/// </summary>
public abstract class VolunteerErasureConsumer<TDbContext>(TDbContext db, TimeProvider clock, ILogger logger) : InboxConsumer<VolunteerErased, TDbContext>(db, logger)
    where TDbContext : DbContext, IMessagingDbContext
{
    /// <summary>Removes the service's personal data about the volunteer; returns how many records it changed.</summary>
    protected abstract Task<int> EraseAsync(Guid volunteerId, CancellationToken cancellationToken);

    protected override async Task HandleAsync(VolunteerErased message, ConsumeContext<VolunteerErased> context, CancellationToken cancellationToken)
    {
        var erased = await EraseAsync(message.VolunteerId, cancellationToken);
        if (await Db.Set<ErasedVolunteer>().FindAsync([message.VolunteerId], cancellationToken) is not null) return;
        Db.Set<ErasedVolunteer>().Add(new ErasedVolunteer
        {
            VolunteerId = message.VolunteerId, ErasedAt = message.ErasedAt, ActedAt = clock.GetUtcNow(), RecordsErased = erased,
        });
    }
}

public static class ErasureModel
{
    public static ModelBuilder AddErasureLedger(this ModelBuilder model)
    {
        model.Entity<ErasedVolunteer>(e =>
        {
            e.ToTable("erased_volunteers");
            e.HasKey(x => x.VolunteerId);
            e.Property(x => x.VolunteerId).HasColumnName("volunteer_id").ValueGeneratedNever();
            e.Property(x => x.ErasedAt).HasColumnName("erased_at");
            e.Property(x => x.ActedAt).HasColumnName("acted_at");
            e.Property(x => x.RecordsErased).HasColumnName("records_erased");
        });
        return model;
    }

    /// <summary>GET /api/{service}/admin/erasures/{volunteerId}: whether (and when) this service acted on an erasure. Programme staff only.</summary>
    public static IEndpointRouteBuilder MapErasureEndpoint<TDbContext>(this IEndpointRouteBuilder app, string service) where TDbContext : DbContext
    {
        app.MapGet($"{ServiceApiExtensions.PrefixOf(service)}/admin/erasures/{{volunteerId:guid}}",
                async Task<Results<Ok<ErasedVolunteer>, NotFound>> (Guid volunteerId, TDbContext db, CancellationToken ct) =>
                    await db.Set<ErasedVolunteer>().AsNoTracking().SingleOrDefaultAsync(e => e.VolunteerId == volunteerId, ct) is { } erased
                        ? TypedResults.Ok(erased) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Operations")
            .WithName($"{service}-GetErasure")
            .WithSummary("Whether this service has acted on a volunteer's erasure (404: not, or not yet).");
        return app;
    }
}

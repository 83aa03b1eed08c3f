using MhAll.Contracts.Training;
using MhAll.Messaging.Outbox;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>A champion's appointment as programme staff and the champion see it: ids, organisation, status; no name.</summary>
public sealed record ChampionView(Guid Id, Guid ProfileId, Guid OrganisationId, string? IcbCode, string Status, DateOnly AppointedOn, string AppointedBy,
    DateOnly? StoodDownOn, string? StoodDownBy, string? StoodDownReason)
{
    public static ChampionView From(Champion c) => new(c.Id, c.ProfileId, c.OrganisationId, c.IcbCode, c.Status, c.AppointedOn, c.AppointedBy,
        c.StoodDownOn, c.StoodDownBy, c.StoodDownReason);
}

public static class ChampionQueries
{
    /// <summary>A profile's latest appointment, active or stood down; null if never appointed.</summary>
    public static Task<Champion?> LatestOfAsync(this IQueryable<Champion> champions, Guid profileId, CancellationToken ct) =>
        champions.Where(c => c.ProfileId == profileId).OrderByDescending(c => c.AppointedOn).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
}

public static class ChampionEvents
{
    /// <summary>The categories the champion events carry: their organisation's type and their profession group.</summary>
    public static async Task<(string OrganisationType, string ProfessionGroup)> CategoriesOfAsync(TrainingDbContext db, Champion champion, CancellationToken ct) =>
        (await db.Organisations.Where(o => o.Id == champion.OrganisationId).Select(o => o.Type).SingleAsync(ct),
            await db.Profiles.Where(p => p.Id == champion.ProfileId).Select(p => p.ProfessionGroup).SingleAsync(ct));

    public static async Task PublishAppointedAsync(this TrainingDbContext db, Champion c, TimeProvider clock, CancellationToken ct)
    {
        var (type, group) = await CategoriesOfAsync(db, c, ct);
        db.Publish(new ChampionAppointed(c.Id, c.ProfileId, c.OrganisationId, type, c.IcbCode, group, c.AppointedOn), clock);
    }

    public static async Task PublishStoodDownAsync(this TrainingDbContext db, Champion c, TimeProvider clock, CancellationToken ct)
    {
        var (type, group) = await CategoriesOfAsync(db, c, ct);
        db.Publish(new ChampionStoodDown(c.Id, c.ProfileId, c.OrganisationId, type, c.IcbCode, group, c.StoodDownOn!.Value), clock);
    }
}

using MhAll.Contracts.Participation;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.PostcodeDirectory;

/// <summary>
/// Operator command: re-places every volunteer placed with an older edition of the postcode table (or before editions
/// were kept) by their stored postcode, and tells the other services of each changed area through the outbox, so
/// Learning moves its counts: <c>dotnet run --project services/Participation -- replace-areas</c>.
/// A batch is one transaction and marks its volunteers with the edition: run it again after a stop and it carries on
/// where it was; run it when nothing is left and it changes nothing.
/// </summary>
public static class ReplaceVolunteerAreas
{
    public const string Command = "replace-areas";
    public const int BatchSize = 500;

    public sealed record Result(int Replaced, int Moved, string? Edition);

    public static async Task<Result> RunAsync(ParticipationDbContext db, TextWriter progress, TimeProvider clock, CancellationToken ct,
        int batchSize = BatchSize)
    {
        var edition = await db.ReferenceEditions.AsNoTracking().Where(e => e.Table == ReferenceEdition.PostcodeAreas)
            .Select(e => e.Edition).SingleOrDefaultAsync(ct) ?? throw new InvalidOperationException("No postcode table is loaded: migrate first.");
        var stale = db.Volunteers.Where(v => v.ErasedAt == null && v.Postcode != null && (v.AreaEdition == null || v.AreaEdition != edition));
        var total = await stale.CountAsync(ct);
        await progress.WriteLineAsync($"{total:N0} volunteers to re-place with \"{edition}\"");
        int replaced = 0, moved = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            var batch = await stale.OrderBy(v => v.Id).Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            var postcodes = batch.Select(v => v.Postcode!).Distinct().ToList();
            var areas = await db.PostcodeAreas.AsNoTracking().Where(p => postcodes.Contains(p.Postcode)).ToDictionaryAsync(p => p.Postcode, ct);
            var now = clock.GetUtcNow();
            foreach (var volunteer in batch)
            {
                var before = (volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile);
                volunteer.Place(areas.GetValueOrDefault(volunteer.Postcode!), edition);
                if (before == (volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile)) continue;
                db.Publish(new VolunteerDemographicsChanged(volunteer.Id, now, volunteer.AgeBand!, volunteer.EthnicGroup, volunteer.Sex,
                    volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile), clock);
                moved++;
            }
            await db.SaveChangesAsync(ct);
            replaced += batch.Count;
            await progress.WriteLineAsync($"{replaced:N0} of {total:N0} re-placed, {moved:N0} with a changed area");
        }
        await progress.WriteLineAsync($"Done: {replaced:N0} volunteers re-placed, {moved:N0} changed area; every volunteer is on \"{edition}\".");
        return new Result(replaced, moved, edition);
    }
}

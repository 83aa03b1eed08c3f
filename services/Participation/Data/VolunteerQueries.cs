using System.Security.Claims;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Data;

/// <summary>The lookups every volunteer feature shares, written once.</summary>
public static class VolunteerQueries
{
    /// <summary>The signed-in volunteer's own record (never an erased one, never anyone else's); null when not registered.</summary>
    public static Task<Volunteer?> MineAsync(this IQueryable<Volunteer> volunteers, ClaimsPrincipal user, CancellationToken ct)
    {
        var subject = user.SubjectId();
        return volunteers.SingleOrDefaultAsync(v => v.SubjectId == subject && v.ErasedAt == null, ct);
    }

    /// <summary>
    /// Leaving the register takes turns with confirming a batch that holds the volunteer: <paramref name="work"/> runs
    /// in a transaction holding their row FOR UPDATE (a batch holds its people FOR SHARE while it writes their
    /// invitations), on the row as read under the lock. So a withdrawal or erasure sees every invitation written
    /// before it, and none is written after it. Default (null, false) when the row was erased meanwhile.
    /// </summary>
    public static async Task<T?> InTurnAsync<T>(this ParticipationDbContext db, Volunteer volunteer, Func<Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM volunteers WHERE id = {volunteer.Id} FOR UPDATE", ct);
            await db.Entry(volunteer).ReloadAsync(ct);
            if (db.Entry(volunteer).State == EntityState.Detached) return default;
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        });
    }

    /// <summary>A record on the register by id, for programme staff (withdrawn ones too; never an anonymised row); null when there is none.</summary>
    public static Task<Volunteer?> OnRegisterAsync(this IQueryable<Volunteer> volunteers, Guid id, CancellationToken ct) =>
        volunteers.SingleOrDefaultAsync(v => v.Id == id && v.ErasedAt == null, ct);

    /// <summary>
    /// Places a volunteer by postcode: normalised postcode, and the area it lies in (both editions) when it is in the
    /// programme's; stamped with the edition of the postcode table used.
    /// </summary>
    public static async Task PlaceAsync(this ParticipationDbContext db, Volunteer volunteer, string? postcode, CancellationToken ct)
    {
        volunteer.Postcode = Postcodes.Normalise(postcode);
        var area = volunteer.Postcode is null ? null
            : await db.PostcodeAreas.AsNoTracking().SingleOrDefaultAsync(p => p.Postcode == volunteer.Postcode, ct);
        var edition = await db.ReferenceEditions.AsNoTracking().Where(e => e.Table == ReferenceEdition.PostcodeAreas)
            .Select(e => e.Edition).SingleOrDefaultAsync(ct);
        volunteer.Place(area, edition);
    }

    /// <summary>Copies an area onto the record; null clears it (a postcode outside the programme's area).</summary>
    public static void Place(this Volunteer volunteer, PostcodeArea? area, string? edition)
    {
        volunteer.Lsoa21Code = area?.Lsoa21Code;
        volunteer.Lsoa11Code = area?.Lsoa11Code;
        volunteer.LocalAuthorityCode = area?.LocalAuthorityCode;
        volunteer.IcbCode = area?.IcbCode;
        volunteer.Imd2025Decile = area?.Imd2025Decile;
        volunteer.Imd2019Decile = area?.Imd2019Decile;
        volunteer.Lsoa21Method = area?.Lsoa21Method;
        volunteer.Lsoa11Method = area?.Lsoa11Method;
        volunteer.AreaEdition = edition;
    }
}

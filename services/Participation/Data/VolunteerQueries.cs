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

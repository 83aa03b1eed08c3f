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

    /// <summary>Places a volunteer by postcode: normalised postcode, and the area it lies in when it is in the programme's.</summary>
    public static async Task PlaceAsync(this ParticipationDbContext db, Volunteer volunteer, string? postcode, CancellationToken ct)
    {
        volunteer.Postcode = Postcodes.Normalise(postcode);
        var area = volunteer.Postcode is null ? null
            : await db.PostcodeAreas.AsNoTracking().SingleOrDefaultAsync(p => p.Postcode == volunteer.Postcode, ct);
        volunteer.Lsoa11Code = area?.Lsoa11Code;
        volunteer.LocalAuthorityCode = area?.LocalAuthorityCode;
        volunteer.ImdDecile = area?.ImdDecile;
        volunteer.LsoaExact = area?.Exact ?? false;
    }
}

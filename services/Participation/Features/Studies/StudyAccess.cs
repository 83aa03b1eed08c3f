using System.Security.Claims;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Studies;

/// <summary>Who may see and manage which study: checked on every study, not only at the door.</summary>
public static class StudyAccess
{
    /// <summary>Programme staff manage every study; a researcher only the studies they submitted.</summary>
    public static bool Manages(this ClaimsPrincipal user, Study study) =>
        user.IsInRole(Roles.Coordinator) || (user.IsInRole(Roles.Researcher) && study.OwnerSubjectId == user.SubjectId());

    /// <summary>The study if the caller manages it; null (answered as 404, revealing nothing) otherwise.</summary>
    public static async Task<Study?> FindManagedAsync(this ParticipationDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var study = await db.Studies.SingleOrDefaultAsync(s => s.Id == id, ct);
        return study is not null && user.Manages(study) ? study : null;
    }

    /// <summary>Listed studies are those approved and recruiting or closed; the public sees nothing in review.</summary>
    public static bool IsListed(this Study study) => study.Status is not (StudyStatuses.InReview or StudyStatuses.Disapproved);
}

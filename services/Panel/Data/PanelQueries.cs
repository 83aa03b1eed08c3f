using System.Security.Claims;
using MhAll.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Data;

/// <summary>The lookups the Panel features share, written once.</summary>
public static class PanelQueries
{
    /// <summary>The signed-in person's own member record; null when they have none (never anyone else's, never an erased stub).</summary>
    public static Task<PanelMember?> MineAsync(this IQueryable<PanelMember> members, ClaimsPrincipal user, CancellationToken ct)
    {
        var subject = user.SubjectId();
        return members.SingleOrDefaultAsync(m => m.SubjectId == subject, ct);
    }

    /// <summary>
    /// A request the caller may see and change: their own as a researcher, any as a coordinator. Another researcher's
    /// is null, as if it did not exist (404, not 403: its existence is not theirs to learn).
    /// </summary>
    public static async Task<InvolvementRequest?> FindVisibleAsync(this IQueryable<InvolvementRequest> requests, Guid id, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var request = await requests.SingleOrDefaultAsync(r => r.Id == id, ct);
        return request is not null && (user.IsInRole(Roles.Coordinator) || request.OwnerSubjectId == user.SubjectId()) ? request : null;
    }

    /// <summary>The current confidentiality agreement's version: the highest published; null before the first.</summary>
    public static Task<int?> CurrentAgreementVersionAsync(this PanelDbContext db, CancellationToken ct) =>
        db.Agreements.MaxAsync(a => (int?)a.Version, ct);
}

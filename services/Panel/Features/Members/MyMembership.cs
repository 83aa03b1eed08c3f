using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>A member reads and corrects their own record. Their status is the coordinators' to change.</summary>
public static class MyMembership
{
    public static RouteGroupBuilder MapMyMembership(this RouteGroupBuilder group)
    {
        group.MapGet("/me", async Task<Results<Ok<MemberView>, NotFound>> (HttpContext http, PanelDbContext db, CancellationToken ct) =>
                await db.Members.AsNoTracking().MineAsync(http.User, ct) is { } member
                    ? TypedResults.Ok(await MemberView.OfAsync(db, member, ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("GetMyPanelMembership")
            .WithSummary("Your own Panel record: details, status and its history, and whether you signed the current confidentiality agreement (404 until you apply).");
        group.MapPut("/me", UpdateAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("UpdateMyPanelMembership")
            .WithSummary("Correct your Panel record (the same fields as applying). Your status changes only through a coordinator.");
        return group;
    }

    private static async Task<Results<Ok<MemberView>, ValidationProblem, NotFound>> UpdateAsync(MemberDetails request, HttpContext http,
        PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Validate() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Members.MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        request.ApplyTo(member);
        member.ChangedAt = clock.GetUtcNow();
        // A coordinator changing the status at the same moment: the row's xmin refuses one of the two (409).
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MemberView.OfAsync(db, member, ct));
    }
}

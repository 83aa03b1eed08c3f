using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>Anyone signed in applies to join the Panel, once; their record is found by their sign-in from then on.</summary>
public static class Apply
{
    public static RouteGroupBuilder MapApply(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(Policies.Authenticated)
            .WithName("ApplyToPanel")
            .WithSummary("Apply to join the Research Panel: your details, lived experience, skills, availability, access needs, optional equality monitoring and how you want to be paid. You start as applied.");
        return group;
    }

    private static async Task<Results<Created<MemberView>, ValidationProblem, ProblemHttpResult>> HandleAsync(MemberDetails request, HttpContext http,
        PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Validate() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var subject = http.User.SubjectId();
        if (await db.Members.AnyAsync(m => m.SubjectId == subject, ct)) return AlreadyApplied();
        var now = clock.GetUtcNow();
        var member = new PanelMember
        {
            Id = Guid.CreateVersion7(now), SubjectId = subject, Status = MemberStatuses.Applied, StatusChangedAt = now, PaymentPreference = "",
            AppliedAt = now, ChangedAt = now,
        };
        request.ApplyTo(member);
        db.Members.Add(member);
        db.MemberStatusChanges.Add(new MemberStatusChange { MemberId = member.Id, To = MemberStatuses.Applied, At = now, By = subject });
        // Two applications may race past the check above; the unique index on the sign-in decides.
        if (await db.SaveOrConflictAsync("You have already applied.", "Use GET /api/panel/members/me to see your record.", ct) is not null)
            return AlreadyApplied();
        return TypedResults.Created("/api/panel/members/me", await MemberView.OfAsync(db, member, ct));
    }

    private static ProblemHttpResult AlreadyApplied() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "You have already applied.", detail: "Use GET /api/panel/members/me to see your record, PUT to correct it.");
}

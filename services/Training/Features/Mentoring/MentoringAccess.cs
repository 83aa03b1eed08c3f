using System.Security.Claims;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// Who may act in mentoring. A mentor is a researcher with a staff profile (found by the token's sub, as staff are);
/// a pair's relationship, meetings included, is its two members' alone: anyone else gets 404, coordinators too.
/// </summary>
public static class MentoringAccess
{
    /// <summary>A researcher acting on their own mentor profile (coordinators are not admitted: it is a person's own record).</summary>
    public const string Mentor = "mentoring-mentor";
    /// <summary>A member of a mentoring pair: the mentor (researcher) or the mentee (staff).</summary>
    public const string PairMember = "mentoring-pair-member";
    /// <summary>A member of a mentoring pair, or programme staff: who may end a relationship.</summary>
    public const string PairMemberOrCoordinator = "mentoring-pair-member-or-coordinator";

    public static IServiceCollection AddMentoringPolicies(this IServiceCollection services) =>
        services.Configure<AuthorizationOptions>(options =>
        {
            options.AddPolicy(Mentor, p => p.RequireRole(Roles.Researcher));
            options.AddPolicy(PairMember, p => p.RequireRole(Roles.Researcher, Roles.Staff));
            options.AddPolicy(PairMemberOrCoordinator, p => p.RequireRole(Roles.Researcher, Roles.Staff, Roles.Coordinator));
        });

    public sealed record Member(Guid ProfileId, MentoringRelationship Relationship);

    /// <summary>The relationship when the caller is its mentor or mentee; null otherwise (the caller answers 404).</summary>
    public static async Task<Member?> MemberOfAsync(this TrainingDbContext db, ClaimsPrincipal user, Guid relationshipId, CancellationToken ct)
    {
        if (await db.Profiles.AsNoTracking().MineAsync(user, ct) is not { } me) return null;
        var relationship = await db.MentoringRelationships.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == relationshipId && (r.MentorProfileId == me.Id || r.MenteeProfileId == me.Id), ct);
        return relationship is null ? null : new Member(me.Id, relationship);
    }

    /// <summary>The relationships still running: only these count against their mentor's capacity.</summary>
    public static IQueryable<MentoringRelationship> Running(this IQueryable<MentoringRelationship> relationships) =>
        relationships.Where(r => r.EndedAt == null);

    /// <summary>Whether the profile completed an Academy course tagged <see cref="CourseTags.MentorTraining"/>.</summary>
    public static Task<bool> CompletedMentorTrainingAsync(this TrainingDbContext db, Guid profileId, CancellationToken ct) =>
        db.Enrolments.Where(e => e.ProfileId == profileId && e.Status == EnrolmentStatuses.Completed)
            .Join(db.Sessions, e => e.SessionId, s => s.Id, (_, s) => s.CourseId)
            .Join(db.Courses, id => id, c => c.Id, (_, c) => c)
            .AnyAsync(c => c.Tags.Contains(CourseTags.MentorTraining), ct);
}

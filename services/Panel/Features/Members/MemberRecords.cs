using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>Coordinators list members, filtered by what an involvement needs, and read one; each read is in the audit trail.</summary>
public static class MemberRecords
{
    /// <summary>A member in a coordinator's list: enough to choose whom to look at, with the contact details left to the full record.</summary>
    public sealed record MemberSummary(Guid Id, string? Name, string Status, DateTimeOffset StatusChangedAt, IReadOnlyList<string> LivedExperience,
        IReadOnlyList<string> Skills, IReadOnlyList<string> Languages, IReadOnlyList<string> AvailableDays, IReadOnlyList<string> AvailableTimes,
        IReadOnlyList<string> Formats, string? LocalAuthority, string PaymentPreference, DateTimeOffset AppliedAt);

    public static RouteGroupBuilder MapMemberRecords(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListPanelMembers")
            .WithSummary("Panel members (erased ones left out), filtered by status, lived experience, skill, language, day, format and local authority; oldest application first, paged; in the audit trail.");
        group.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetPanelMember")
            .WithSummary("One member's full record with its status history (an erased member shows only the stub); in the audit trail.");
        return group;
    }

    private static async Task<Results<Ok<Paged<MemberSummary>>, ValidationProblem>> ListAsync(string? status, string? livedExperience, string? skill,
        string? language, string? day, string? format, string? localAuthority, [AsParameters] PageQuery page, HttpContext http, PanelDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = page.Check()
            .OneOf("status", status, MemberStatuses.All)
            .OneOf("livedExperience", livedExperience, MemberVocabulary.LivedExperienceAreas)
            .OneOf("skill", skill, MemberVocabulary.Skills)
            .OneOf("day", day, MemberVocabulary.Days)
            .OneOf("format", format, MemberVocabulary.Formats)
            .OneOf("localAuthority", localAuthority, MemberVocabulary.LocalAuthorities);
        if (language is not null && !MemberVocabulary.IsLanguageCode(language)) errors.Add("language", "An ISO 639 code such as bn, ur or so.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Members.AsNoTracking().Where(m => m.ErasedAt == null);
        if (status is not null) query = query.Where(m => m.Status == status);
        if (livedExperience is not null) query = query.Where(m => m.LivedExperience.Contains(livedExperience));
        if (skill is not null) query = query.Where(m => m.Skills.Contains(skill));
        if (language is not null) query = query.Where(m => m.Languages.Contains(language));
        if (day is not null) query = query.Where(m => m.AvailableDays.Contains(day));
        if (format is not null) query = query.Where(m => m.Formats.Contains(format));
        if (localAuthority is not null) query = query.Where(m => m.LocalAuthority == localAuthority);
        var members = await query.OrderBy(m => m.AppliedAt).ThenBy(m => m.Id).ToPageAsync(page, ct);
        db.Audit(http, clock, AuditActions.PanelMemberRecordRead, AuditSubjects.PanelMember, $"panel-members {http.Request.QueryString}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(members.Map(m => new MemberSummary(m.Id, m.Name, m.Status, m.StatusChangedAt, m.LivedExperience, m.Skills, m.Languages,
            m.AvailableDays, m.AvailableTimes, m.Formats, m.LocalAuthority, m.PaymentPreference, m.AppliedAt)));
    }

    private static async Task<Results<Ok<MemberView>, NotFound>> GetAsync(Guid id, HttpContext http, PanelDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } member) return TypedResults.NotFound();
        db.Audit(http, clock, AuditActions.PanelMemberRecordRead, AuditSubjects.PanelMember, member.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await MemberView.OfAsync(db, member, ct));
    }
}

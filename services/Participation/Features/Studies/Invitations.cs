using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Studies;

/// <summary>
/// The recruitment funnel: volunteers answer their invitations; the study team follows those interested through
/// screening to enrolment, and sees contact details only of those who said interested and are still on the register.
/// </summary>
public static class Invitations
{
    public sealed record StudySummary(Guid Id, string Title, string LaySummary, string Sponsor, IReadOnlyList<string> Sites, string Status);

    public sealed record MyInvitation(Guid Id, StudySummary Study, string Status, DateTimeOffset InvitedAt, DateTimeOffset? RespondedAt);

    /// <param name="Status">interested or declined; later, withdrawn to leave the study.</param>
    public sealed record Answer(string? Status);

    public sealed record Contact(string FirstName, string LastName, string Email, string? Phone, string? Address, string? Postcode,
        IReadOnlyList<string> Channels, string Language, string? AccessibilityNeeds, bool EasyRead);

    /// <param name="VolunteerId">The register's id: only once the volunteer said interested (before that, the team knows nothing of them).</param>
    /// <param name="FhirStatus">The FHIR R4 ResearchSubject status.</param>
    /// <param name="Contact">Only once the volunteer said interested, and never after they left the register.</param>
    public sealed record StudyInvitation(Guid Id, Guid? VolunteerId, string Status, string FhirStatus, DateTimeOffset InvitedAt,
        DateTimeOffset? RespondedAt, DateTimeOffset UpdatedAt, Contact? Contact);

    /// <param name="AfterInterest">
    /// From the volunteer's "interested" on: the team reads each of these invitations in its own list, so their counts
    /// are exact. Before interest the team knows only how many it invited, and the split is protected.
    /// </param>
    /// <param name="Count">Before interest, rounded to 5 and null when hidden; after interest, exact.</param>
    /// <param name="Suppression">none, small (1–7) or secondary (hidden so a small count cannot be worked out).</param>
    public sealed record FunnelStage(string Status, string FhirStatus, bool AfterInterest, int? Count, string Suppression);

    /// <param name="Invited">Exact: the team confirmed each batch and was told its size.</param>
    public sealed record Funnel(Guid StudyId, int RecruitmentTarget, int Invited, IReadOnlyList<FunnelStage> Stages, bool Raw);

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/participation/volunteers/me/invitations").WithTags("Invitations");
        mine.MapGet("/", MineAsync).RequireAuthorization(Policies.VolunteerOnly).WithName("GetMyInvitations")
            .WithSummary("The studies you are invited to, and your answers; newest first, paged.");
        mine.MapPost("/{id:guid}/answer", AnswerAsync).RequireAuthorization(Policies.VolunteerOnly).WithName("AnswerInvitation")
            .WithSummary("Say you are interested or not; the study team sees your contact details only if you are.");

        var study = app.MapGroup("/api/participation/studies/{studyId:guid}").WithTags("Invitations");
        study.MapGet("/invitations", ForStudyAsync).RequireAuthorization(Policies.Researcher).WithName("GetStudyInvitations")
            .WithSummary("The invitations to a study you manage whose volunteer said interested (optionally ?status=screened), in invitation order, paged, with their contact details while they are on the register; the rest are counted, protected, in the funnel.");
        study.MapPost("/invitations/{id:guid}/status", RecordAsync).RequireAuthorization(Policies.Researcher).WithName("RecordInvitationStatus")
            .WithSummary("Record screening, enrolment, ineligibility or withdrawal for someone who said interested.");
        study.MapGet("/funnel", FunnelAsync).RequireAuthorization(Policies.Researcher).WithName("GetStudyFunnel")
            .WithSummary("How many are at each step: rounded and small numbers hidden, raw for programme staff.");
        return app;
    }

    private static async Task<Results<Ok<Paged<MyInvitation>>, NotFound, ValidationProblem>> MineAsync([AsParameters] PageQuery page, HttpContext http,
        ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Volunteers.AsNoTracking().MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var rows = await db.Invitations.AsNoTracking().Where(i => i.VolunteerId == volunteer.Id)
            .Join(db.Studies, i => i.StudyId, s => s.Id, (i, s) => new { Invitation = i, Study = s })
            .OrderByDescending(r => r.Invitation.InvitedAt).ThenBy(r => r.Invitation.Id).ToPageAsync(page, ct);
        var studies = await StudyRevisions.ShownToVolunteersAsync(db, rows.Items.Select(r => r.Study), ct);
        return TypedResults.Ok(rows.Map(r => new MyInvitation(r.Invitation.Id, studies[r.Study.Id],
            InvitationStatuses.Shown(r.Invitation, now), r.Invitation.InvitedAt, r.Invitation.RespondedAt)));
    }

    private static async Task<Results<Ok<MyInvitation>, NotFound, ValidationProblem>> AnswerAsync(Guid id, Answer answer, HttpContext http,
        ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.AsNoTracking().MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        // Someone else's invitation is answered as not found: it does not exist for this volunteer.
        if (await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.VolunteerId == volunteer.Id, ct) is not { } invitation)
            return TypedResults.NotFound();
        var allowed = InvitationStatuses.VolunteerMay.GetValueOrDefault(invitation.Status) ?? [];
        if (answer.Status is null || !allowed.Contains(answer.Status))
            return InvalidStatus(invitation.Status, allowed);
        var now = clock.GetUtcNow();
        Move(db, invitation, answer.Status, now, clock);
        invitation.RespondedAt ??= now;
        await db.SaveChangesAsync(ct);
        var study = await db.Studies.AsNoTracking().SingleAsync(s => s.Id == invitation.StudyId, ct);
        var shown = await StudyRevisions.ShownToVolunteersAsync(db, [study], ct);
        return TypedResults.Ok(new MyInvitation(invitation.Id, shown[study.Id], invitation.Status, invitation.InvitedAt, invitation.RespondedAt));
    }

    private static async Task<Results<Ok<Paged<StudyInvitation>>, NotFound, ValidationProblem>> ForStudyAsync(Guid studyId, string? status,
        [AsParameters] PageQuery page, HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (page.Check() is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FindManagedAsync(studyId, http.User, ct) is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        // Only those who said interested: a list of everyone invited would count the funnel's protected stages exactly.
        var invitations = db.Invitations.AsNoTracking().Where(i => i.StudyId == studyId && i.InterestedAt != null);
        if (status is not null) invitations = invitations.Where(i => i.Status == status);
        var rows = await invitations
            .Join(db.Volunteers, i => i.VolunteerId, v => v.Id, (i, v) => new { Invitation = i, Volunteer = v })
            .OrderBy(r => r.Invitation.InvitedAt).ThenBy(r => r.Invitation.Id).ToPageAsync(page, ct);
        var shown = rows.Map(r =>
        {
            var status = r.Invitation.Status;
            var v = r.Volunteer;
            var shares = InvitationStatuses.SharesContact.Contains(status);
            var contact = shares && v.WithdrawnAt is null
                ? new Contact(v.FirstName!, v.LastName!, v.Email!, v.Phone, v.Address, v.Postcode, v.ContactChannels, v.Language,
                    v.AccessibilityNeeds, v.EasyRead)
                : null;
            // An erased volunteer's anonymised row has an id no team may hold beside the invitation it once saw with a name.
            return new StudyInvitation(r.Invitation.Id, shares && v.ErasedAt is null ? v.Id : null, status, InvitationStatuses.Fhir(status), r.Invitation.InvitedAt,
                r.Invitation.RespondedAt, r.Invitation.UpdatedAt, contact);
        });
        // Each person whose contact details this page shows, in the audit trail before the page is sent.
        foreach (var row in shown.Items.Where(i => i.Contact is not null))
            db.Audit(http, clock, AuditActions.ContactDetailsRead, AuditSubjects.Volunteer, row.VolunteerId!.Value.ToString());
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        return TypedResults.Ok(shown);
    }

    private static async Task<Results<Ok<StudyInvitation>, NotFound, ValidationProblem>> RecordAsync(Guid studyId, Guid id, Answer change,
        HttpContext http, ParticipationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FindManagedAsync(studyId, http.User, ct) is null) return TypedResults.NotFound();
        if (await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.StudyId == studyId, ct) is not { } invitation)
            return TypedResults.NotFound();
        var allowed = InvitationStatuses.StudyTeamMay.GetValueOrDefault(invitation.Status) ?? [];
        if (change.Status is null || !allowed.Contains(change.Status))
            return InvalidStatus(invitation.Status, allowed);
        Move(db, invitation, change.Status, clock.GetUtcNow(), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new StudyInvitation(invitation.Id, invitation.VolunteerId, invitation.Status, InvitationStatuses.Fhir(invitation.Status),
            invitation.InvitedAt, invitation.RespondedAt, invitation.UpdatedAt, null));
    }

    /// <summary>
    /// A volunteer left the register: invitations still open (not yet answered, or on the way to enrolment) end as
    /// withdrawn, so no team goes on waiting for or contacting them. Enrolment in a study is its own consent and stays.
    /// </summary>
    public static async Task WithdrawOpenAsync(ParticipationDbContext db, Guid volunteerId, DateTimeOffset now, TimeProvider clock,
        CancellationToken ct)
    {
        string[] open = [InvitationStatuses.Invited, InvitationStatuses.Interested, InvitationStatuses.Screened];
        foreach (var invitation in await db.Invitations.Where(i => i.VolunteerId == volunteerId && open.Contains(i.Status)).ToListAsync(ct))
            Move(db, invitation, InvitationStatuses.Withdrawn, now, clock);
    }

    private static void Move(ParticipationDbContext db, Invitation invitation, string status, DateTimeOffset now, TimeProvider clock)
    {
        invitation.Status = status;
        invitation.UpdatedAt = now;
        if (status == InvitationStatuses.Interested) invitation.InterestedAt ??= now;
        db.Publish(new InvitationStatusChanged(invitation.Id, invitation.StudyId, invitation.VolunteerId, status, now), clock);
    }

    private static ValidationProblem InvalidStatus(string current, string[] allowed) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["status"] = [allowed.Length == 0 ? $"Nothing can be recorded for an invitation that is {current}." : $"From {current}: one of {string.Join(", ", allowed)}."],
    });

    private static async Task<Results<Ok<Funnel>, NotFound>> FunnelAsync(Guid studyId, HttpContext http, ParticipationDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (await db.FindManagedAsync(studyId, http.User, ct) is not { } study) return TypedResults.NotFound();
        var unansweredSince = clock.GetUtcNow() - InvitationStatuses.NoResponseAfter;
        var counts = await db.Invitations.AsNoTracking().Where(i => i.StudyId == studyId)
            .GroupBy(i => new
            {
                AfterInterest = i.InterestedAt != null,
                Status = i.Status == InvitationStatuses.Invited && i.InvitedAt < unansweredSince ? InvitationStatuses.NoResponse : i.Status,
            })
            .Select(g => new { g.Key.AfterInterest, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        List<(string Group, int Count)> Cells(bool afterInterest, string[] statuses) =>
            statuses.Select(s => (s, counts.Where(c => c.AfterInterest == afterInterest && c.Status == s).Sum(c => c.Count))).ToList();
        var before = Cells(false, InvitationStatuses.BeforeInterest);
        var after = Cells(true, InvitationStatuses.AfterInterest);
        var invited = before.Sum(c => c.Count) + after.Sum(c => c.Count);
        var raw = http.User.IsInRole(Roles.Coordinator);
        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"study-funnel {studyId}");
            await db.SaveChangesAsync(ct);
        }
        // The team knows how many it invited and, from its list, everyone after interest: so the total before interest
        // is known too, and a lone hidden stage there takes a partner. Declined first, as silence is what it hides best.
        var protectedBefore = raw ? DisclosureControl.Exact(before)
            : DisclosureControl.Protect(before.OrderBy(c => c.Group == InvitationStatuses.Declined ? 0 : 1).ToList(), totalIsPublic: true);
        var stages = InvitationStatuses.BeforeInterest.Select(s => protectedBefore.Cells.Single(c => c.Group == s))
            .Select(c => new FunnelStage(c.Group, InvitationStatuses.Fhir(c.Group), false, c.Count, c.Suppression.ToString().ToLowerInvariant()))
            .Concat(after.Select(c => new FunnelStage(c.Group, InvitationStatuses.Fhir(c.Group), true, c.Count, "none")))
            .ToList();
        return TypedResults.Ok(new Funnel(studyId, study.RecruitmentTarget, invited, stages, raw));
    }
}

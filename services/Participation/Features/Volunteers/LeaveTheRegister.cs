using MhAll.Contracts.Participation;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Features.Studies;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>
/// A volunteer's rights over their record: withdraw (no contact from now on), erasure (personal data removed, an
/// anonymised row kept for counts, every service told), and a copy of everything held (subject access). The volunteer
/// exercises them signed in (<c>/me</c>); programme staff exercise them for someone without a sign-in (<c>/{id}</c>),
/// giving a reason, through the same code: each right has one implementation, told who acts.
/// </summary>
public static class LeaveTheRegister
{
    /// <summary>Why staff act for the volunteer, e.g. "asked by phone on 2 Dec": kept in the audit trail.</summary>
    public sealed record OnBehalf(string? Reason);

    public const int ReasonMaxLength = 200;

    /// <summary>Who exercises the right: the volunteer themself (no reason), or programme staff for them (with one).</summary>
    private sealed record Actor(string? Reason)
    {
        public static readonly Actor Volunteer = new((string?)null);
        public bool IsStaff => Reason is not null;
    }

    public static RouteGroupBuilder MapLeaveTheRegister(this RouteGroupBuilder group)
    {
        group.MapPost("/me/withdraw", async Task<Results<Ok<VolunteerView>, NotFound>> (ParticipationDbContext db, HttpContext http, Areas areas,
                TimeProvider clock, CancellationToken ct) =>
                await db.Volunteers.MineAsync(http.User, ct) is { } volunteer
                    && await WithdrawAsync(db, volunteer, Actor.Volunteer, http, areas, clock, ct) is { } withdrawn
                    ? TypedResults.Ok(withdrawn)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("WithdrawVolunteer")
            .WithSummary("Leave the register: no study will contact you from now on. Asking again changes nothing.");
        group.MapDelete("/me", async Task<Results<NoContent, NotFound>> (ParticipationDbContext db, HttpContext http, RegisterIndex index,
                TimeProvider clock, CancellationToken ct) =>
            {
                if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
                await EraseAsync(db, volunteer, Actor.Volunteer, index, http, clock, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("EraseVolunteer")
            .WithSummary("Erase your personal data here and in every service; an anonymised record stays for counts.");
        group.MapGet("/me/data", async Task<Results<FileContentHttpResult, NotFound>> (ParticipationDbContext db, HttpContext http, Areas areas,
                TimeProvider clock, CancellationToken ct) =>
                await db.Volunteers.MineAsync(http.User, ct) is { } volunteer
                    ? await ExportAsync(db, volunteer, Actor.Volunteer, http, areas, clock, ct)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("DownloadMyData")
            .WithSummary("Everything the register holds about you, as JSON (subject access; the export is in the audit trail).");

        group.MapPost("/{id:guid}/withdraw", async Task<Results<Ok<VolunteerView>, NotFound, ValidationProblem>> (Guid id, OnBehalf request,
                ParticipationDbContext db, HttpContext http, Areas areas, TimeProvider clock, CancellationToken ct) =>
            {
                if (Check(request) is { } invalid) return invalid;
                return await db.Volunteers.OnRegisterAsync(id, ct) is { } volunteer
                    && await WithdrawAsync(db, volunteer, new Actor(request.Reason!.Trim()), http, areas, clock, ct) is { } withdrawn
                    ? TypedResults.Ok(withdrawn)
                    : TypedResults.NotFound();
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithName("WithdrawVolunteerOnBehalf")
            .WithSummary("Programme staff withdraw a volunteer who asked them to (e.g. by phone), with the reason; recorded as assisted, in the audit trail.");
        group.MapPost("/{id:guid}/erase", async Task<Results<NoContent, NotFound, ValidationProblem>> (Guid id, OnBehalf request,
                ParticipationDbContext db, HttpContext http, RegisterIndex index, TimeProvider clock, CancellationToken ct) =>
            {
                if (Check(request) is { } invalid) return invalid;
                if (await db.Volunteers.OnRegisterAsync(id, ct) is { } volunteer)
                    await EraseAsync(db, volunteer, new Actor(request.Reason!.Trim()), index, http, clock, ct);
                // Asked again: already done, nothing more to do.
                else if (!await db.Set<ErasedVolunteer>().AnyAsync(e => e.VolunteerId == id, ct)) return TypedResults.NotFound();
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithName("EraseVolunteerOnBehalf")
            .WithSummary("Programme staff erase a volunteer who asked them to, with the reason (in the audit trail); asking again for an erased id changes nothing.");
        group.MapPost("/{id:guid}/export", async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> (Guid id, OnBehalf request,
                ParticipationDbContext db, HttpContext http, Areas areas, TimeProvider clock, CancellationToken ct) =>
            {
                if (Check(request) is { } invalid) return invalid;
                return await db.Volunteers.OnRegisterAsync(id, ct) is { } volunteer
                    ? await ExportAsync(db, volunteer, new Actor(request.Reason!.Trim()), http, areas, clock, ct)
                    : TypedResults.NotFound();
            })
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ExportVolunteerDataOnBehalf")
            .WithSummary("Programme staff download everything held about a volunteer, to give to them (subject access), with the reason; in the audit trail.");
        return group;
    }

    private static ValidationProblem? Check(OnBehalf request) =>
        new ValidationErrors().Required("reason", request.Reason, ReasonMaxLength) is { Any: true } errors
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : null;

    /// <summary>No contact from now on; asking again changes nothing. A link code outstanding is void. Null when erased meanwhile.</summary>
    private static Task<VolunteerView?> WithdrawAsync(ParticipationDbContext db, Volunteer volunteer, Actor actor, HttpContext http, Areas areas,
        TimeProvider clock, CancellationToken ct) => db.InTurnAsync(volunteer, async () =>
    {
        if (volunteer.WithdrawnAt is null)
        {
            volunteer.WithdrawnAt = clock.GetUtcNow();
            (volunteer.LinkCodeHash, volunteer.LinkCodeExpiresAt) = (null, null);
            db.ConsentRecords.Add(new ConsentRecord
            {
                VolunteerId = volunteer.Id,
                Version = await db.ConsentRecords.Where(r => r.VolunteerId == volunteer.Id).MaxAsync(r => (int?)r.Version, ct)
                          ?? await db.ConsentTexts.MaxAsync(t => t.Version, ct),
                Decision = ConsentDecisions.Withdrawn, Method = actor.IsStaff ? ConsentDecisions.Assisted : ConsentDecisions.Online,
                RecordedBy = http.User.SubjectId(), At = volunteer.WithdrawnAt.Value,
            });
            db.Publish(new VolunteerWithdrawn(volunteer.Id, volunteer.WithdrawnAt.Value), clock);
            await Invitations.WithdrawOpenAsync(db, volunteer.Id, volunteer.WithdrawnAt.Value, clock, ct);
            if (actor.IsStaff) db.Audit(http, clock, AuditActions.WithdrawalOnBehalf, AuditSubjects.Volunteer, volunteer.Id.ToString(), actor.Reason);
            await db.SaveChangesAsync(ct);
        }
        return VolunteerView.From(volunteer, areas, clock.Today());
    }, ct);

    /// <summary>
    /// Erases a volunteer (docs/decisions/0004), in one transaction: their row is deleted and an anonymised one with a
    /// new random id (<see cref="AnonymisedVolunteer"/>) takes its place in what must still count (the studies'
    /// invitations, the consent history as evidence); linked survey answers become anonymous; unconfirmed match
    /// proposals and relayed events forget the id; a tombstone keeps the id and time, which is all
    /// <see cref="VolunteerErased"/> tells the other services.
    /// </summary>
    private static async Task EraseAsync(ParticipationDbContext db, Volunteer volunteer, Actor actor, RegisterIndex index, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.InTurnAsync(volunteer, () => EraseInTurnAsync(db, volunteer, actor, http, clock, ct), ct)) index.Forget(volunteer.Id);
    }

    private static async Task<bool> EraseInTurnAsync(ParticipationDbContext db, Volunteer volunteer, Actor actor, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = volunteer.Id;
        if (volunteer.WithdrawnAt is null) await Invitations.WithdrawOpenAsync(db, id, now, clock, ct);
        var anonymised = AnonymisedVolunteer.Of(volunteer, now);
        db.Volunteers.Add(anonymised);
        var records = 1;
        // Invitations stay for the studies' funnels and matching's counts of who was invited, pointing at the anonymised row.
        foreach (var invitation in await db.Invitations.Where(i => i.VolunteerId == id).ToListAsync(ct))
        {
            invitation.VolunteerId = anonymised.Id;
            records++;
        }
        // The consent history stays as evidence, without the sign-in that recorded it, to the month.
        foreach (var record in await db.ConsentRecords.Where(r => r.VolunteerId == id).ToListAsync(ct))
        {
            (record.VolunteerId, record.RecordedBy, record.At) = (anonymised.Id, null, AnonymisedVolunteer.MonthOf(record.At));
            records++;
        }
        // Linked survey answers stay, as anonymous ones.
        foreach (var response in await db.SurveyResponses.Where(r => r.VolunteerId == id).ToListAsync(ct))
        {
            response.VolunteerId = null;
            records++;
        }
        // A batch proposed but not yet confirmed no longer holds them; a confirmed one has done its work.
        foreach (var proposal in await db.MatchProposals.Where(p => p.VolunteerIds.Contains(id)).ToListAsync(ct))
        {
            proposal.VolunteerIds.Remove(id);
            records++;
        }
        // Events already relayed name the id with the categories they carried; those still to go are left to go.
        var named = id.ToString();
        db.OutboxMessages.RemoveRange(await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NOT NULL AND strpos(payload::text, {named}) > 0").ToListAsync(ct));
        db.Volunteers.Remove(volunteer);
        db.Set<ErasedVolunteer>().Add(new ErasedVolunteer { VolunteerId = id, ErasedAt = now, ActedAt = now, RecordsErased = records });
        db.Publish(new VolunteerErased(id, now), clock);
        if (actor.IsStaff) db.Audit(http, clock, AuditActions.ErasureOnBehalf, AuditSubjects.Volunteer, id.ToString(), actor.Reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A copy of everything held, as JSON; every export is in the audit trail (with staff's reason when they asked for it).</summary>
    private static async Task<FileContentHttpResult> ExportAsync(ParticipationDbContext db, Volunteer volunteer, Actor actor, HttpContext http,
        Areas areas, TimeProvider clock, CancellationToken ct)
    {
        var consents = await db.ConsentRecords.AsNoTracking().Where(r => r.VolunteerId == volunteer.Id).OrderBy(r => r.Id)
            .Select(r => new { r.Version, r.Decision, r.Method, r.At }).ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.VolunteerId == volunteer.Id)
            .Join(db.Studies, i => i.StudyId, s => s.Id, (i, s) => new { study = s.Title, i.Status, i.InvitedAt, i.RespondedAt }).ToListAsync(ct);
        var surveyAnswers = await db.SurveyResponses.AsNoTracking().Where(r => r.VolunteerId == volunteer.Id)
            .Join(db.Surveys, r => r.SurveyId, s => s.Id, (r, s) => new { survey = s.Title, r.SubmittedAt, r.Answers }).ToListAsync(ct);
        var copy = new
        {
            volunteer = VolunteerView.From(volunteer, areas, clock.Today()), consentHistory = consents, invitations, surveyAnswers,
            exportedAt = clock.GetUtcNow(),
        };
        return await db.SubjectAccessCopyAsync(http, clock, AuditSubjects.Volunteer, volunteer.Id, copy,
            actor.IsStaff ? "research-register-data.json" : "my-research-register-data.json", ct, actor.Reason);
    }
}

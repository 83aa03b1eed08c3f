using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Features.Studies;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>
/// A volunteer's own rights over their record: withdraw (no contact from now on), erasure (personal data removed,
/// an anonymised row kept for counts, every service told), and a copy of everything held (subject access).
/// </summary>
public static class LeaveTheRegister
{
    public static RouteGroupBuilder MapLeaveTheRegister(this RouteGroupBuilder group)
    {
        group.MapPost("/me/withdraw", WithdrawAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("WithdrawVolunteer")
            .WithSummary("Leave the register: no study will contact you from now on. Asking again changes nothing.");
        group.MapDelete("/me", EraseAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("EraseVolunteer")
            .WithSummary("Erase your personal data here and in every service; an anonymised record stays for counts.");
        group.MapGet("/me/data", DownloadAsync)
            .RequireAuthorization(Policies.VolunteerOnly)
            .WithName("DownloadMyData")
            .WithSummary("Everything the register holds about you, as JSON (subject access; the export is in the audit trail).");
        return group;
    }

    private static async Task<Results<Ok<VolunteerView>, NotFound>> WithdrawAsync(
        ParticipationDbContext db, HttpContext http, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        if (volunteer.WithdrawnAt is null)
        {
            volunteer.WithdrawnAt = clock.GetUtcNow();
            db.ConsentRecords.Add(new ConsentRecord
            {
                VolunteerId = volunteer.Id,
                Version = await db.ConsentRecords.Where(r => r.VolunteerId == volunteer.Id).MaxAsync(r => (int?)r.Version, ct)
                          ?? await db.ConsentTexts.MaxAsync(t => t.Version, ct),
                Decision = ConsentDecisions.Withdrawn, Method = ConsentDecisions.Online, RecordedBy = volunteer.SubjectId, At = volunteer.WithdrawnAt.Value,
            });
            db.Publish(new VolunteerWithdrawn(volunteer.Id, volunteer.WithdrawnAt.Value), clock);
            await Invitations.WithdrawOpenAsync(db, volunteer.Id, volunteer.WithdrawnAt.Value, clock, ct);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(VolunteerView.From(volunteer, areas, clock.Today()));
    }

    private static async Task<Results<NoContent, NotFound>> EraseAsync(ParticipationDbContext db, HttpContext http, RegisterIndex index,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        await EraseVolunteerAsync(db, volunteer, index, clock, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Erases a volunteer (docs/decisions/0004), in one transaction: their row is deleted and an anonymised one with a
    /// new random id (<see cref="AnonymisedVolunteer"/>) takes its place in what must still count (the studies'
    /// invitations, the consent history as evidence); linked survey answers become anonymous; unconfirmed match
    /// proposals and relayed events forget the id; a tombstone keeps the id and time, which is all
    /// <see cref="VolunteerErased"/> tells the other services.
    /// </summary>
    private static async Task EraseVolunteerAsync(ParticipationDbContext db, Volunteer volunteer, RegisterIndex index, TimeProvider clock, CancellationToken ct)
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
        await db.SaveChangesAsync(ct);
        index.Forget(id);
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(ParticipationDbContext db, HttpContext http, Areas areas,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
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
        var json = JsonSerializer.SerializeToUtf8Bytes(copy, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        db.Audit(http, clock, AuditActions.SubjectAccessExport, AuditSubjects.Volunteer, volunteer.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.File(json, "application/json", "my-research-register-data.json");
    }
}

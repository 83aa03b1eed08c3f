using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Messaging.Audit;
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

    private static async Task<Results<NoContent, NotFound>> EraseAsync(ParticipationDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Volunteers.MineAsync(http.User, ct) is not { } volunteer) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        // What stays: the id, when they joined and left, and the categories counts are made of.
        volunteer.FirstName = null;
        volunteer.LastName = null;
        volunteer.Email = null;
        volunteer.Phone = null;
        volunteer.Address = null;
        volunteer.ContactChannels = [];
        volunteer.AccessibilityNeeds = null;
        volunteer.YearOfBirth = null;
        volunteer.GenderIdentity = null;
        volunteer.Conditions = [];
        volunteer.ResearchInterests = [];
        volunteer.Postcode = null;
        volunteer.Lsoa11Code = null;
        // The small areas go with the postcode; the authority, ICB and both IMD deciles stay for counts.
        volunteer.Lsoa21Code = null;
        volunteer.Lsoa21Method = null;
        volunteer.Lsoa11Method = null;
        volunteer.AreaEdition = null;
        volunteer.SubjectId = null;
        if (volunteer.WithdrawnAt is null) await Invitations.WithdrawOpenAsync(db, volunteer.Id, now, clock, ct);
        volunteer.WithdrawnAt ??= now;
        volunteer.ErasedAt = now;
        // The consent history stays as evidence, without the sign-in that recorded it.
        foreach (var record in await db.ConsentRecords.Where(r => r.VolunteerId == volunteer.Id).ToListAsync(ct)) record.RecordedBy = null;
        // Linked survey answers stay, as anonymous ones. Invitations stay for the studies' funnels, pointing at the anonymised row.
        foreach (var response in await db.SurveyResponses.Where(r => r.VolunteerId == volunteer.Id).ToListAsync(ct)) response.VolunteerId = null;
        db.Publish(new VolunteerErased(volunteer.Id, now), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
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

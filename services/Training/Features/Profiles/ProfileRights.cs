using MhAll.Contracts.Training;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Certificates;
using MhAll.Training.Features.Enrolments;
using MhAll.Training.Features.Mentoring;
using MhAll.Training.Features.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Profiles;

/// <summary>
/// A member of staff's rights over their profile: a copy of everything held (subject access), and erasure (personal
/// data removed, what counts kept without the person, every service told). Correction is <see cref="UpdateMyProfile"/>.
/// </summary>
public static class ProfileRights
{
    public static RouteGroupBuilder MapProfileRights(this RouteGroupBuilder group)
    {
        group.MapGet("/me/export", async Task<Results<FileContentHttpResult, NotFound>> (HttpContext http, TrainingDbContext db,
                IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } profile
                    ? await ExportAsync(db, profile, underServed.Value, http, clock, ct)
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("ExportMyStaffData")
            .WithSummary("Everything Training holds about you, as JSON: profile, capability history, enrolments, certificates, mentoring, partners' completion records (subject access; in the audit trail).");
        group.MapDelete("/me", async Task<Results<NoContent, NotFound>> (HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } profile) return TypedResults.NotFound();
                await EraseAsync(db, profile.Id, clock, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.StaffOnly)
            .WithName("EraseMyStaffProfile")
            .WithSummary("Erase your profile: open bookings are cancelled (places go to the waitlist), certificates are withdrawn, and past enrolments stay for counts without you.");
        return group;
    }

    /// <summary>GET /api/training/admin/profile-erasures/{profileId}: the tombstone, so programme staff can confirm an erasure (as the volunteer ledger does).</summary>
    public static IEndpointRouteBuilder MapProfileErasureLedger(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/admin/profile-erasures/{profileId:guid}", async Task<Results<Ok<ErasedStaffProfile>, NotFound>> (Guid profileId,
                TrainingDbContext db, CancellationToken ct) =>
                await db.ErasedProfiles.AsNoTracking().SingleOrDefaultAsync(e => e.ProfileId == profileId, ct) is { } erased
                    ? TypedResults.Ok(erased) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Operations")
            .WithName("GetStaffProfileErasure")
            .WithSummary("Whether a staff profile was erased, when, and how many records it touched (404: not erased).");
        return app;
    }

    private static async Task<FileContentHttpResult> ExportAsync(TrainingDbContext db, StaffProfile profile, UnderServedOptions underServed,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var copy = new
        {
            profile = await ProfileView.OfAsync(db, profile, underServed, ct),
            capabilityHistory = await AssessCapability.HistoryAsync(db, profile.Id, ct),
            enrolments = await MyEnrolments.ListAsync(db, db.Enrolments.Where(e => e.ProfileId == profile.Id), ct),
            certificates = (await db.Certificates.AsNoTracking().Where(c => c.ProfileId == profile.Id).OrderBy(c => c.IssuedAt).ToListAsync(ct))
                .Select(CertificateView.From),
            mentorProfile = await db.MentorProfiles.AsNoTracking().SingleOrDefaultAsync(m => m.ProfileId == profile.Id, ct) is { } mentor
                ? await MentorProfiles.MentorView.OfAsync(db, mentor, ct) : null,
            mentoringRequests = (await db.MentoringRequests.AsNoTracking().Where(r => r.ProfileId == profile.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct))
                .Select(MenteeRequests.RequestView.From),
            mentoring = await Relationships.AllOfAsync(db, profile.Id, ct),
            partnerCompletions = (await db.ExternalCompletions.AsNoTracking().Where(c => c.ProfileId == profile.Id).OrderBy(c => c.CompletedOn)
                .ToListAsync(ct)).Select(PartnerCompletions.CompletionView.From),
            exportedAt = clock.GetUtcNow(),
        };
        return await db.SubjectAccessCopyAsync(http, clock, AuditSubjects.StaffProfile, profile.Id, copy, "my-training-data.json", ct);
    }

    /// <summary>
    /// Erases a profile in one transaction: each open booking or waitlist place is cancelled under its session's lock
    /// (sessions in id order, so two erasures never deadlock) and a freed place promotes the next person; certificates
    /// (which state the name) are deleted, so verifying one finds nothing; other enrolments stay, without the profile,
    /// for counts; the capability history and mentoring go with the profile; relayed events that name the id are deleted; a tombstone
    /// keeps the id and time, which is all <see cref="StaffProfileErased"/> tells the other services.
    /// </summary>
    private static Task EraseAsync(TrainingDbContext db, Guid profileId, TimeProvider clock, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var records = 1;
            var open = await db.Enrolments.Where(e => e.ProfileId == profileId && EnrolmentStatuses.Open.Contains(e.Status))
                .Select(e => e.SessionId).Distinct().OrderBy(id => id).ToListAsync(ct);
            foreach (var sessionId in open)
            {
                var session = (await db.LockSessionAsync(sessionId, ct))!;
                foreach (var enrolment in await db.Enrolments.Where(e => e.SessionId == sessionId && e.ProfileId == profileId
                             && EnrolmentStatuses.Open.Contains(e.Status)).ToListAsync(ct))
                    await CancelEnrolment.CancelAsync(db, enrolment, session, clock, ct);
            }
            var certificates = await db.Certificates.Where(c => c.ProfileId == profileId).ToListAsync(ct);
            db.Certificates.RemoveRange(certificates);
            records += certificates.Count;
            foreach (var enrolment in await db.Enrolments.Where(e => e.ProfileId == profileId).ToListAsync(ct))
            {
                enrolment.ProfileId = null;
                records++;
            }
            records += await db.CapabilityAssessments.CountAsync(a => a.ProfileId == profileId, ct);
            // Mentoring and partners' completion records go with the profile (cascade): the offer, requests, relationships with their meetings.
            records += await db.MentorProfiles.CountAsync(m => m.ProfileId == profileId, ct)
                + await db.MentoringRequests.CountAsync(r => r.ProfileId == profileId, ct)
                + await db.MentoringRelationships.CountAsync(r => r.MentorProfileId == profileId || r.MenteeProfileId == profileId, ct)
                + await db.ExternalCompletions.CountAsync(c => c.ProfileId == profileId, ct);
            var named = profileId.ToString();
            db.OutboxMessages.RemoveRange(await db.OutboxMessages
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NOT NULL AND strpos(payload::text, {named}) > 0").ToListAsync(ct));
            db.Profiles.Remove(await db.Profiles.SingleAsync(p => p.Id == profileId, ct));
            db.ErasedProfiles.Add(new ErasedStaffProfile { ProfileId = profileId, ErasedAt = now, RecordsErased = records });
            db.Publish(new StaffProfileErased(profileId, now), clock);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
}

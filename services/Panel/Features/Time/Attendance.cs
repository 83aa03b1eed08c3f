using MhAll.Contracts.Panel;
using MhAll.Messaging.Outbox;
using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.Panel.Features.Payments;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Time;

/// <summary>
/// The time a member gave to an involvement: the member records it (hours at the activity, hours preparing, the
/// activity's date) or a coordinator records attendance for them; a coordinator confirms it. Confirming tells the
/// other services (<see cref="InvolvementCompleted"/>: ids, activity type and hours only), and so does a coordinator's
/// correction after. Once a claim is made the time is what the claim was worked out from, so it no longer changes.
/// </summary>
public static class Attendance
{
    public const decimal MaxHours = 24, MaxPreparationHours = 40;

    /// <param name="ActivityDate">The day it took place: it picks the payment rate. Today or earlier.</param>
    /// <param name="Hours">Hours at the activity, in whole minutes (1.5 = 1 h 30 min; 0.25 = 15 min).</param>
    /// <param name="PreparationHours">Hours preparing (reading papers), in whole minutes; 0 when left out.</param>
    public sealed record TimeGiven(DateOnly? ActivityDate, decimal? Hours, decimal? PreparationHours);

    public sealed record AttendanceView(Guid InvolvementId, Guid RequestId, Guid MemberId, DateOnly ActivityDate, decimal Hours,
        decimal PreparationHours, string RecordedBy, DateTimeOffset RecordedAt, bool Confirmed, DateTimeOffset? ConfirmedAt)
    {
        public static AttendanceView From(InvolvementAttendance a, Guid requestId) => new(a.OfferId, requestId, a.MemberId, a.ActivityDate,
            a.AttendanceMinutes / 60m, a.PreparationMinutes / 60m, a.RecordedBy, a.RecordedAt, a.ConfirmedAt is not null, a.ConfirmedAt);
    }

    public static RouteGroupBuilder MapAttendance(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/attendance", GetAsync)
            .RequireAuthorization(Policies.PanelMember)
            .WithName("GetPanelAttendance")
            .WithSummary("The time recorded for an involvement (yours as a member; any as a coordinator). 404 until recorded.");
        group.MapPut("/{id:guid}/attendance", RecordAsync)
            .RequireAuthorization(Policies.PanelMember)
            .WithName("RecordPanelAttendance")
            .WithSummary("Record the time given to an involvement: the activity's date, hours and preparation hours. A member changes it until a coordinator confirms it; a coordinator until a claim is made. 409 after.");
        group.MapPost("/{id:guid}/attendance/confirm", ConfirmAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ConfirmPanelAttendance")
            .WithSummary("Confirm the recorded attendance; the other services are told the involvement was completed. Confirming again changes nothing.");
        return group;
    }

    private static async Task<Results<Ok<AttendanceView>, NotFound>> GetAsync(Guid id, HttpContext http, PanelDbContext db, CancellationToken ct)
    {
        if (await db.FindInvolvementAsync(id, http.User, ct) is not { } involvement) return TypedResults.NotFound();
        if (await db.Attendance.AsNoTracking().SingleOrDefaultAsync(a => a.OfferId == id, ct) is not { } attendance) return TypedResults.NotFound();
        return TypedResults.Ok(AttendanceView.From(attendance, involvement.Request.Id));
    }

    private static async Task<Results<Ok<AttendanceView>, ValidationProblem, NotFound, ProblemHttpResult>> RecordAsync(Guid id, TimeGiven time,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var errors = new ValidationErrors();
        if (time.ActivityDate is not { } date) errors.Add("activityDate", "This field is required.");
        else if (date > today || date.Year < 2000) errors.Add("activityDate", $"A date from 2000 to today ({today:yyyy-MM-dd}).");
        var minutes = Minutes(errors, "hours", time.Hours, MaxHours, required: true);
        var preparation = Minutes(errors, "preparationHours", time.PreparationHours ?? 0, MaxPreparationHours, required: false);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.FindInvolvementAsync(id, http.User, ct) is not { } involvement) return TypedResults.NotFound();

        var coordinator = http.User.IsInRole(Roles.Coordinator);
        var attendance = await db.Attendance.SingleOrDefaultAsync(a => a.OfferId == id, ct);
        if (await db.Claims.AnyAsync(c => c.OfferId == id, ct))
            return Conflict("A claim was made from this time: it no longer changes.", "Ask a coordinator to reject the claim if the time was wrong.");
        if (attendance?.ConfirmedAt is not null && !coordinator)
            return Conflict("A coordinator has confirmed this time.", "Ask a coordinator to correct it.");
        var now = clock.GetUtcNow();
        if (attendance is null)
        {
            attendance = new InvolvementAttendance { OfferId = id, MemberId = involvement.Member.Id, RecordedBy = http.User.SubjectId() };
            db.Attendance.Add(attendance);
        }
        (attendance.ActivityDate, attendance.AttendanceMinutes, attendance.PreparationMinutes) = (time.ActivityDate!.Value, minutes, preparation);
        (attendance.RecordedBy, attendance.RecordedAt) = (http.User.SubjectId(), now);
        // A correction after confirmation is told again with the same ids (the contract says so).
        if (attendance.ConfirmedAt is not null) db.PublishCompleted(involvement, attendance, now, clock);
        // Two saves of one involvement's time at once: the row's xmin (or its key, for the first) refuses one (409).
        if (await db.SaveOrConflictAsync("The time was recorded at the same moment by someone else.", "Read it again and retry.", ct) is { } race)
            return race;
        return TypedResults.Ok(AttendanceView.From(attendance, involvement.Request.Id));
    }

    private static async Task<Results<Ok<AttendanceView>, NotFound, ProblemHttpResult>> ConfirmAsync(Guid id, HttpContext http, PanelDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.FindInvolvementAsync(id, http.User, ct) is not { } involvement) return TypedResults.NotFound();
        if (await db.Attendance.SingleOrDefaultAsync(a => a.OfferId == id, ct) is not { } attendance)
            return Conflict("No time has been recorded for this involvement yet.", "Record it first (PUT .../attendance).");
        if (attendance.ConfirmedAt is null)
        {
            var now = clock.GetUtcNow();
            (attendance.ConfirmedBy, attendance.ConfirmedAt) = (http.User.SubjectId(), now);
            db.PublishCompleted(involvement, attendance, now, clock);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(AttendanceView.From(attendance, involvement.Request.Id));
    }

    private static void PublishCompleted(this PanelDbContext db, Involvement involvement, InvolvementAttendance a, DateTimeOffset now, TimeProvider clock) =>
        db.Publish(new InvolvementCompleted(a.OfferId, involvement.Request.Id, a.MemberId, involvement.Request.ActivityType ?? involvement.Request.Type,
            a.ActivityDate, (a.AttendanceMinutes + a.PreparationMinutes) / 60m, now), clock);

    /// <summary>Hours as whole minutes, within bounds; 0 with the error recorded when not.</summary>
    private static int Minutes(ValidationErrors errors, string field, decimal? hours, decimal max, bool required)
    {
        if (hours is not { } h)
        {
            if (required) errors.Add(field, "This field is required.");
            return 0;
        }
        if (h < 0 || h > max || (required && h == 0)) errors.Add(field, required ? $"More than 0 and at most {max} hours." : $"From 0 to {max} hours.");
        else if (h * 60 != decimal.Truncate(h * 60)) errors.Add(field, "Hours in whole minutes, e.g. 1.5 or 0.25.");
        else return (int)(h * 60);
        return 0;
    }

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}

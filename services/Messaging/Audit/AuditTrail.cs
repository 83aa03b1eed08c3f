using System.Text.Json;
using System.Security.Claims;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MhAll.Messaging.Audit;

/// <summary>
/// One access to personal data or to an unprotected figure: who, in what role, did what to which record or figure,
/// when, why (where the endpoint asks), and in which request. Ids and codes only: it holds no personal data itself,
/// so an erasure leaves it (docs/decisions/0004). Append-only: the database refuses to change or delete a row.
/// Kept in the service's own database, apart from application logs, which carry at most an entry's id.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>The "sub" of the person or system that read.</summary>
    public required string ActorSubjectId { get; init; }
    /// <summary>The role they acted in (<see cref="Roles"/>).</summary>
    public required string ActorRole { get; init; }
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>One of <see cref="AuditSubjects"/>.</summary>
    public required string SubjectKind { get; init; }
    /// <summary>The record's id, or the figure's name and query.</summary>
    public required string SubjectId { get; init; }
    public string? Reason { get; init; }
    /// <summary>The request's <c>X-Correlation-Id</c>, to find its trace.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>The request's method and path, e.g. <c>GET /api/participation/studies/{id}/invitations</c>.</summary>
    public required string Request { get; init; }
}

/// <summary>What was accessed, or done for someone, as the audit trail names it.</summary>
public static class AuditActions
{
    /// <summary>A person's contact details were shown (e.g. to a study team).</summary>
    public const string ContactDetailsRead = "contact-details-read";
    /// <summary>Programme staff read a volunteer's record.</summary>
    public const string VolunteerRecordRead = "volunteer-record-read";
    /// <summary>A copy of everything held about a person was exported to them.</summary>
    public const string SubjectAccessExport = "subject-access-export";
    /// <summary>An unprotected figure (no rounding or suppression) was shown.</summary>
    public const string RawFigureRead = "raw-figure-read";
    /// <summary>Programme staff withdrew a volunteer from the register on their behalf (the reason says how they asked).</summary>
    public const string WithdrawalOnBehalf = "withdrawal-on-behalf";
    /// <summary>Programme staff erased a volunteer on their behalf; the entry keeps the id other services know.</summary>
    public const string ErasureOnBehalf = "erasure-on-behalf";
    /// <summary>Programme staff issued a one-time code to link a record to the person's sign-in.</summary>
    public const string LinkCodeIssued = "link-code-issued";
    /// <summary>Programme staff read staff members' Training records (e.g. a session's list of names, to mark attendance).</summary>
    public const string StaffRecordRead = "staff-record-read";
    /// <summary>Programme staff read Panel members' records (one member's, or a filtered list of them).</summary>
    public const string PanelMemberRecordRead = "panel-member-record-read";

    public static readonly IReadOnlyList<string> All =
        [ContactDetailsRead, VolunteerRecordRead, SubjectAccessExport, RawFigureRead, WithdrawalOnBehalf, ErasureOnBehalf, LinkCodeIssued,
            StaffRecordRead, PanelMemberRecordRead];
}

/// <summary>What kind of thing an entry's <see cref="AuditEntry.SubjectId"/> names.</summary>
public static class AuditSubjects
{
    public const string Volunteer = "volunteer";
    /// <summary>A member of staff's Training profile, by its id.</summary>
    public const string StaffProfile = "staff-profile";
    /// <summary>A course session, whose list of enrolled names was read.</summary>
    public const string CourseSession = "course-session";
    /// <summary>A Panel member's record, by its id; or <c>panel-members</c> and the list's query.</summary>
    public const string PanelMember = "panel-member";
    /// <summary>A figure: its name and the query that produced it, e.g. <c>study-funnel {id}</c>.</summary>
    public const string Figure = "figure";
}

public static class AuditTrail
{
    public const string Table = "audit_entries";
    public const int ReasonMaxLength = 500;
    public const int SubjectMaxLength = 600;

    /// <summary>
    /// Adds an entry for an access made in this request; the caller's <c>SaveChangesAsync</c> writes it, in the same
    /// transaction as the request's own work, before the data is returned (no entry, no data).
    /// </summary>
    public static AuditEntry Audit(this DbContext db, HttpContext http, TimeProvider clock, string action, string subjectKind, string subjectId,
        string? reason = null)
    {
        var now = clock.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(now), At = now, ActorSubjectId = http.User.SubjectId(), ActorRole = RoleOf(http.User),
            Action = action, SubjectKind = subjectKind, Reason = reason,
            // A figure's query can be long; its start names it well enough.
            SubjectId = subjectId.Length > SubjectMaxLength ? subjectId[..SubjectMaxLength] : subjectId,
            CorrelationId = CorrelationIdMiddleware.Of(http),
            Request = $"{http.Request.Method} {http.Request.Path}",
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>
    /// A person's copy of everything held about them (subject access), as an indented JSON download. The export is
    /// audited and the entry saved before the copy leaves, like every other read of personal data.
    /// </summary>
    public static async Task<FileContentHttpResult> SubjectAccessCopyAsync(this DbContext db, HttpContext http, TimeProvider clock,
        string subjectKind, Guid subjectId, object copy, string fileName, CancellationToken ct, string? reason = null)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(copy, SubjectAccessJson);
        db.Audit(http, clock, AuditActions.SubjectAccessExport, subjectKind, subjectId.ToString(), reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.File(json, "application/json", fileName);
    }

    private static readonly JsonSerializerOptions SubjectAccessJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The role the caller acted in: the first of theirs in <see cref="Roles.All"/>' order.</summary>
    private static string RoleOf(ClaimsPrincipal user) => Roles.All.FirstOrDefault(user.IsInRole) ?? "none";

    public static ModelBuilder AddAuditTrail(this ModelBuilder model)
    {
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable(Table);
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(a => a.At).HasColumnName("at");
            e.Property(a => a.ActorSubjectId).HasColumnName("actor_subject_id").HasMaxLength(200);
            e.Property(a => a.ActorRole).HasColumnName("actor_role").HasMaxLength(30);
            e.Property(a => a.Action).HasColumnName("action").HasMaxLength(40);
            e.Property(a => a.SubjectKind).HasColumnName("subject_kind").HasMaxLength(30);
            e.Property(a => a.SubjectId).HasColumnName("subject_id").HasMaxLength(SubjectMaxLength);
            e.Property(a => a.Reason).HasColumnName("reason").HasMaxLength(ReasonMaxLength);
            e.Property(a => a.CorrelationId).HasColumnName("correlation_id").HasMaxLength(64);
            e.Property(a => a.Request).HasColumnName("request").HasMaxLength(300);
            // What coordinators ask: newest first, by who read, or what was read.
            e.HasIndex(a => a.At).HasDatabaseName("ix_audit_entries_at");
            e.HasIndex(a => new { a.ActorSubjectId, a.At }).HasDatabaseName("ix_audit_entries_actor");
            e.HasIndex(a => new { a.SubjectId, a.At }).HasDatabaseName("ix_audit_entries_subject");
        });
        return model;
    }

    /// <summary>
    /// In the migration that creates <see cref="Table"/>: a trigger that refuses every UPDATE, DELETE and TRUNCATE,
    /// so not even the service's own code (or an operator's slip) can rewrite who read what.
    /// </summary>
    public static void MakeAuditTrailAppendOnly(this MigrationBuilder migration) => migration.Sql($"""
        CREATE FUNCTION {Table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{Table} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER {Table}_no_change BEFORE UPDATE OR DELETE ON {Table} FOR EACH ROW EXECUTE FUNCTION {Table}_append_only();
        CREATE TRIGGER {Table}_no_truncate BEFORE TRUNCATE ON {Table} FOR EACH STATEMENT EXECUTE FUNCTION {Table}_append_only();
        """);

    /// <summary>The Down of <see cref="MakeAuditTrailAppendOnly"/>, after the table is dropped.</summary>
    public static void DropAuditTrailFunction(this MigrationBuilder migration) => migration.Sql($"DROP FUNCTION {Table}_append_only();");

    /// <summary>
    /// <c>GET /api/{service}/admin/audit</c>: the service's audit trail, newest first, paged; filtered by who read
    /// (<c>actor</c>), what kind of access (<c>action</c>), which record or figure (<c>subject</c>), and a time range.
    /// Programme staff only.
    /// </summary>
    public static IEndpointRouteBuilder MapAuditEndpoint<TDbContext>(this IEndpointRouteBuilder app, string service) where TDbContext : DbContext
    {
        app.MapGet($"{ServiceApiExtensions.PrefixOf(service)}/admin/audit",
                async Task<Results<Ok<Paged<AuditEntry>>, ValidationProblem>> (TDbContext db, [AsParameters] PageQuery page, CancellationToken ct,
                    string? actor = null, string? action = null, string? subject = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
                {
                    var errors = page.Check().OneOf("action", action, AuditActions.All);
                    if (from is not null && to is not null && from > to) errors.Add("to", "Not before from.");
                    if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
                    var entries = db.Set<AuditEntry>().AsNoTracking();
                    if (actor is not null) entries = entries.Where(e => e.ActorSubjectId == actor);
                    if (action is not null) entries = entries.Where(e => e.Action == action);
                    if (subject is not null) entries = entries.Where(e => e.SubjectId == subject);
                    if (from is not null) entries = entries.Where(e => e.At >= from);
                    if (to is not null) entries = entries.Where(e => e.At < to);
                    return TypedResults.Ok(await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToPageAsync(page, ct));
                })
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Operations")
            .WithName($"{service}-GetAuditTrail")
            .WithSummary("Who read personal data or raw figures here, newest first, paged; ?actor=&action=&subject=&from=&to= (to exclusive).");
        return app;
    }
}

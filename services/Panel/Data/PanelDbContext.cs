using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Panel.Data;

public sealed class PanelDbContext(DbContextOptions<PanelDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<PanelMember> Members => Set<PanelMember>();
    public DbSet<MemberStatusChange> MemberStatusChanges => Set<MemberStatusChange>();
    public DbSet<ConfidentialityAgreement> Agreements => Set<ConfidentialityAgreement>();
    public DbSet<AgreementSignature> AgreementSignatures => Set<AgreementSignature>();
    public DbSet<InvolvementRequest> InvolvementRequests => Set<InvolvementRequest>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<PaymentRate> PaymentRates => Set<PaymentRate>();
    public DbSet<InvolvementAttendance> Attendance => Set<InvolvementAttendance>();
    public DbSet<PaymentClaim> Claims => Set<PaymentClaim>();
    public DbSet<PaymentRun> PaymentRuns => Set<PaymentRun>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddErasureLedger().AddAuditTrail();
        model.Entity<PanelMember>(e =>
        {
            e.ToTable("panel_members");
            // One record per sign-in; an erased stub has none, so the person may apply again.
            e.Property(m => m.SubjectId).HasMaxLength(200);
            e.HasIndex(m => m.SubjectId).IsUnique().HasFilter("subject_id IS NOT NULL");
            e.HasIndex(m => m.Status);
            e.Property(m => m.Name).HasMaxLength(200);
            e.Property(m => m.Email).HasMaxLength(254);
            e.Property(m => m.Phone).HasMaxLength(30);
            e.Property(m => m.Motivation).HasMaxLength(Features.Members.MemberDetails.MotivationMaxLength);
            e.Property(m => m.Status).HasMaxLength(20);
            e.Property(m => m.AccessNeeds).HasMaxLength(Features.Members.MemberDetails.AccessNeedsMaxLength);
            e.Property(m => m.EthnicGroup).HasMaxLength(40);
            e.Property(m => m.Sex).HasMaxLength(20);
            e.Property(m => m.AgeBand).HasMaxLength(20);
            e.Property(m => m.Disability).HasMaxLength(20);
            e.Property(m => m.LocalAuthority).HasMaxLength(20);
            e.Property(m => m.PaymentPreference).HasMaxLength(20);
            e.Property(m => m.Version).IsRowVersion();
        });
        model.Entity<MemberStatusChange>(e =>
        {
            e.HasIndex(c => c.MemberId);
            e.Property(c => c.From).HasMaxLength(20);
            e.Property(c => c.To).HasMaxLength(20);
            e.Property(c => c.By).HasMaxLength(200);
            e.Property(c => c.Note).HasMaxLength(AuditTrail.ReasonMaxLength);
            e.HasOne<PanelMember>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ConfidentialityAgreement>(e =>
        {
            e.ToTable("confidentiality_agreements");
            e.HasKey(a => a.Version);
            e.Property(a => a.Version).ValueGeneratedNever();
            e.Property(a => a.Text).HasMaxLength(Features.Agreements.PublishAgreement.TextMaxLength);
            e.Property(a => a.PublishedBy).HasMaxLength(200);
        });
        model.Entity<AgreementSignature>(e =>
        {
            e.HasKey(s => new { s.MemberId, s.Version });
            e.HasOne<PanelMember>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ConfidentialityAgreement>().WithMany().HasForeignKey(s => s.Version).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<InvolvementRequest>(e =>
        {
            e.HasIndex(r => new { r.OwnerSubjectId, r.SubmittedAt });
            e.HasIndex(r => new { r.Status, r.SubmittedAt });
            e.Property(r => r.OwnerSubjectId).HasMaxLength(200);
            e.Property(r => r.Type).HasMaxLength(30);
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.Description).HasMaxLength(Features.Requests.RequestDetails.DescriptionMaxLength);
            e.Property(r => r.EstimatedHours).HasPrecision(6, 2);
            e.Property(r => r.PreparationHours).HasPrecision(6, 2);
            e.Property(r => r.Format).HasMaxLength(20);
            e.Property(r => r.Status).HasMaxLength(20);
            e.Property(r => r.Source).HasMaxLength(30);
            e.Property(r => r.ActivityType).HasMaxLength(50);
            e.Property(r => r.RateCategory).HasMaxLength(50);
            e.Property(r => r.TriageNote).HasMaxLength(Features.Requests.TriageRequest.NoteMaxLength);
            e.Property(r => r.TriagedBy).HasMaxLength(200);
            e.Property(r => r.MatchingStartedBy).HasMaxLength(200);
            e.Property(r => r.Version).IsRowVersion();
        });
        model.Entity<Offer>(e =>
        {
            e.ToTable("involvement_offers");
            e.HasIndex(o => new { o.RequestId, o.MemberId }).IsUnique();
            e.HasIndex(o => new { o.MemberId, o.Status });
            e.HasIndex(o => new { o.Status, o.ExpiresAt });
            e.Property(o => o.Status).HasMaxLength(20);
            e.Property(o => o.DeclineReason).HasMaxLength(30);
            e.Property(o => o.Version).IsRowVersion();
            e.HasOne<InvolvementRequest>().WithMany().HasForeignKey(o => o.RequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PanelMember>().WithMany().HasForeignKey(o => o.MemberId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<PaymentRate>(e =>
        {
            e.ToTable("payment_rates");
            // One rate per category and date: the key itself refuses two rows taking effect together.
            e.HasKey(r => new { r.Category, r.EffectiveFrom });
            e.Property(r => r.Category).HasMaxLength(50);
            e.Property(r => r.Unit).HasMaxLength(20);
            e.Property(r => r.AddedBy).HasMaxLength(200);
            // The programme's current rates ship with the schema (migration data): present from the first start, once.
            var seededAt = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
            e.HasData(Domain.Payments.RateTable.NihrPublicInvolvement.All.Select(r => new PaymentRate
            {
                Category = r.Category, EffectiveFrom = r.EffectiveFrom, AmountPence = r.Amount.Value, Unit = Domain.PaymentCodes.Of(r.Unit),
                AddedAt = seededAt, AddedBy = "seed",
            }));
        });
        model.Entity<InvolvementAttendance>(e =>
        {
            e.ToTable("involvement_attendance");
            e.HasKey(a => a.OfferId);
            e.HasIndex(a => a.MemberId);
            e.Property(a => a.RecordedBy).HasMaxLength(200);
            e.Property(a => a.ConfirmedBy).HasMaxLength(200);
            e.Property(a => a.Version).IsRowVersion();
            e.HasOne<Offer>().WithOne().HasForeignKey<InvolvementAttendance>(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<PaymentClaim>(e =>
        {
            e.ToTable("payment_claims");
            // One claim per involvement, whatever two submissions do at once.
            e.HasIndex(c => c.OfferId).IsUnique();
            e.HasIndex(c => new { c.MemberId, c.SubmittedAt });
            e.HasIndex(c => new { c.Status, c.ApprovedOn });
            e.HasIndex(c => new { c.RateCategory, c.ActivityDate });
            e.Property(c => c.RateCategory).HasMaxLength(50);
            e.Property(c => c.RateUnit).HasMaxLength(20);
            e.Property(c => c.FeeMethod).HasMaxLength(20);
            e.Property(c => c.NoFeeReason).HasMaxLength(40);
            e.Property(c => c.Status).HasMaxLength(20);
            e.Property(c => c.DecidedBy).HasMaxLength(200);
            e.Property(c => c.RejectionReason).HasMaxLength(Features.Payments.DecideClaim.ReasonMaxLength);
            e.Property(c => c.Version).IsRowVersion();
            e.Ignore(c => c.TotalPence);
            e.HasOne<Offer>().WithOne().HasForeignKey<PaymentClaim>(c => c.OfferId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PanelMember>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PaymentRun>().WithMany().HasForeignKey(c => c.PaymentRunId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<PaymentRun>(e =>
        {
            e.ToTable("payment_runs");
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            e.Property(r => r.IdempotencyKey).HasMaxLength(Features.Payments.PaymentRuns.KeyMaxLength);
            e.Property(r => r.CreatedBy).HasMaxLength(200);
        });
        model.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            // The claim is the key: a claim is paid at most once, enforced by the database, not only by the planner.
            e.HasKey(p => p.ClaimId);
            e.HasIndex(p => p.RunId);
            e.HasIndex(p => new { p.MemberId, p.PaidOn });
            e.Property(p => p.PayeeName).HasMaxLength(200);
            e.Property(p => p.PayeeReference).HasMaxLength(50);
            e.Property(p => p.FeeMethod).HasMaxLength(20);
            e.HasOne<PaymentClaim>().WithOne().HasForeignKey<Payment>(p => p.ClaimId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PaymentRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class PanelDesignTimeFactory : IDesignTimeDbContextFactory<PanelDbContext>
{
    public PanelDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PanelDbContext>()
        .UseNpgsql("Host=localhost;Database=panel").UseSnakeCaseNamingConvention().Options);
}

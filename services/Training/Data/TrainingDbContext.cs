using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Training.Data;

public sealed class TrainingDbContext(DbContextOptions<TrainingDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<StaffProfile> Profiles => Set<StaffProfile>();
    public DbSet<CapabilityAssessment> CapabilityAssessments => Set<CapabilityAssessment>();
    public DbSet<ErasedStaffProfile> ErasedProfiles => Set<ErasedStaffProfile>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CourseSession> Sessions => Set<CourseSession>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<Champion> Champions => Set<Champion>();
    public DbSet<ChampionActivity> ChampionActivities => Set<ChampionActivity>();
    public DbSet<FundingCall> FundingCalls => Set<FundingCall>();
    public DbSet<CallReviewer> CallReviewers => Set<CallReviewer>();
    public DbSet<FundingApplication> FundingApplications => Set<FundingApplication>();
    public DbSet<ApplicationReview> ApplicationReviews => Set<ApplicationReview>();
    public DbSet<AwardMilestone> AwardMilestones => Set<AwardMilestone>();
    public DbSet<AwardOutput> AwardOutputs => Set<AwardOutput>();
    public DbSet<MentorProfile> MentorProfiles => Set<MentorProfile>();
    public DbSet<MentoringRequest> MentoringRequests => Set<MentoringRequest>();
    public DbSet<MatchingRun> MatchingRuns => Set<MatchingRun>();
    public DbSet<ProposedPair> ProposedPairs => Set<ProposedPair>();
    public DbSet<MentoringRelationship> MentoringRelationships => Set<MentoringRelationship>();
    public DbSet<MentoringMeeting> MentoringMeetings => Set<MentoringMeeting>();
    public DbSet<MentoringGoal> MentoringGoals => Set<MentoringGoal>();
    public DbSet<MentoringOutcome> MentoringOutcomes => Set<MentoringOutcome>();
    public DbSet<ExternalCompletion> ExternalCompletions => Set<ExternalCompletion>();
    public DbSet<PartnerIdempotencyKey> PartnerIdempotencyKeys => Set<PartnerIdempotencyKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddErasureLedger().AddAuditTrail();
        model.Entity<Organisation>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(200);
            e.HasIndex(o => o.Name).IsUnique();
            e.Property(o => o.Type).HasMaxLength(20);
            e.Property(o => o.IcbCode).HasMaxLength(9);
            e.Property(o => o.Version).IsRowVersion();
        });
        model.Entity<StaffProfile>(e =>
        {
            e.ToTable("staff_profiles");
            e.Property(p => p.SubjectId).HasMaxLength(200);
            e.HasIndex(p => p.SubjectId).IsUnique();
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Profession).HasMaxLength(40);
            e.Property(p => p.ProfessionGroup).HasMaxLength(30);
            e.Property(p => p.CapabilityLevel).HasMaxLength(20);
            e.Property(p => p.EthnicGroup).HasMaxLength(40);
            e.Property(p => p.Sex).HasMaxLength(20);
            e.Property(p => p.AgeBand).HasMaxLength(20);
            e.Property(p => p.Disability).HasMaxLength(20);
            e.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(p => p.Version).IsRowVersion();
        });
        model.Entity<CapabilityAssessment>(e =>
        {
            e.HasIndex(a => a.ProfileId);
            e.Property(a => a.Level).HasMaxLength(20);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(a => a.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ErasedStaffProfile>(e =>
        {
            e.ToTable("erased_staff_profiles");
            e.HasKey(x => x.ProfileId);
            e.Property(x => x.ProfileId).ValueGeneratedNever();
        });
        model.Entity<Course>(e =>
        {
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.Summary).HasMaxLength(4000);
            e.Property(c => c.Level).HasMaxLength(20);
            e.Property(c => c.Format).HasMaxLength(20);
            e.Property(c => c.Version).IsRowVersion();
        });
        model.Entity<CourseSession>(e =>
        {
            e.ToTable("course_sessions");
            e.HasIndex(s => new { s.CourseId, s.StartsAt });
            e.Property(s => s.Venue).HasMaxLength(300);
            e.Property(s => s.OnlineLink).HasMaxLength(500);
            e.Property(s => s.CancellationReason).HasMaxLength(AuditTrail.ReasonMaxLength);
            e.Property(s => s.CancelledBy).HasMaxLength(200);
            e.HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId);
        });
        model.Entity<Enrolment>(e =>
        {
            // One active enrolment per person and session; a cancelled one leaves room to ask again.
            e.HasIndex(x => new { x.SessionId, x.ProfileId }).IsUnique().HasFilter("status <> 'cancelled' AND profile_id IS NOT NULL");
            e.HasIndex(x => x.ProfileId);
            e.Property(x => x.Status).HasMaxLength(30);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            e.HasOne<CourseSession>().WithMany().HasForeignKey(x => x.SessionId);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(x => x.ProfileId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<Certificate>(e =>
        {
            e.HasKey(c => c.Code);
            e.Property(c => c.Code).HasMaxLength(32);
            e.HasIndex(c => c.EnrolmentId).IsUnique();
            e.HasIndex(c => c.ProfileId);
            e.Property(c => c.HolderName).HasMaxLength(200);
            e.Property(c => c.CourseTitle).HasMaxLength(200);
            e.Property(c => c.CapabilityLevel).HasMaxLength(20);
            e.Property(c => c.RevokedReason).HasMaxLength(500);
            e.Property(c => c.RevokedBy).HasMaxLength(200);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(c => c.EnrolmentId);
        });
        model.Entity<Champion>(e =>
        {
            // At most one active appointment per person; stood-down ones stay as history.
            e.HasIndex(c => c.ProfileId).IsUnique().HasFilter("status = 'active'");
            e.HasIndex(c => new { c.OrganisationId, c.Status });
            e.Property(c => c.IcbCode).HasMaxLength(9);
            e.Property(c => c.Status).HasMaxLength(20);
            e.Property(c => c.AppointedBy).HasMaxLength(200);
            e.Property(c => c.StoodDownBy).HasMaxLength(200);
            e.Property(c => c.StoodDownReason).HasMaxLength(AuditTrail.ReasonMaxLength);
            e.Property(c => c.Version).IsRowVersion();
            // Erasing the profile erases the appointment and its log.
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(c => c.ProfileId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<ChampionActivity>(e =>
        {
            e.HasIndex(a => new { a.ChampionId, a.On });
            e.Property(a => a.Kind).HasMaxLength(30);
            e.Property(a => a.Note).HasMaxLength(Features.Champions.ChampionActivities.NoteMaxLength);
            e.HasOne<Champion>().WithMany().HasForeignKey(a => a.ChampionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<FundingCall>(e =>
        {
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.Description).HasMaxLength(4000);
            e.Property(c => c.Amount).HasPrecision(12, 2);
            e.HasIndex(c => c.ClosesOn);
            e.OwnsMany(c => c.Criteria, o => o.ToJson());
        });
        model.Entity<CallReviewer>(e =>
        {
            e.HasKey(r => new { r.CallId, r.SubjectId });
            e.Property(r => r.SubjectId).HasMaxLength(200);
            e.HasIndex(r => r.SubjectId);
            e.HasOne<FundingCall>().WithMany().HasForeignKey(r => r.CallId);
        });
        model.Entity<FundingApplication>(e =>
        {
            // One application per person and call, withdrawn or not.
            e.HasIndex(a => new { a.CallId, a.ProfileId }).IsUnique();
            e.HasIndex(a => a.ProfileId);
            e.Property(a => a.Statement).HasMaxLength(4000);
            e.Property(a => a.RequestedAmount).HasPrecision(12, 2);
            e.Property(a => a.Status).HasMaxLength(20);
            e.Property(a => a.DecidedBy).HasMaxLength(200);
            e.Property(a => a.DecisionNote).HasMaxLength(Features.FundedPosts.Decide.NoteMaxLength);
            e.Property(a => a.Version).IsRowVersion();
            e.OwnsMany(a => a.Answers, o => o.ToJson());
            e.HasOne<FundingCall>().WithMany().HasForeignKey(a => a.CallId);
            // Erasing the profile erases the application, its reviews and its award's record.
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(a => a.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ApplicationReview>(e =>
        {
            e.HasKey(r => new { r.ApplicationId, r.ReviewerSubjectId });
            e.Property(r => r.ReviewerSubjectId).HasMaxLength(200);
            e.Property(r => r.ConflictReason).HasMaxLength(Features.FundedPosts.ReviewApplications.ReasonMaxLength);
            e.OwnsMany(r => r.Scores, o => o.ToJson());
            e.HasOne<FundingApplication>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AwardMilestone>(e =>
        {
            e.HasIndex(m => m.ApplicationId);
            e.Property(m => m.Title).HasMaxLength(200);
            e.HasOne<FundingApplication>().WithMany().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AwardOutput>(e =>
        {
            e.HasIndex(o => o.ApplicationId);
            e.Property(o => o.Kind).HasMaxLength(40);
            e.Property(o => o.Note).HasMaxLength(Features.FundedPosts.AwardTracking.NoteMaxLength);
            e.HasOne<FundingApplication>().WithMany().HasForeignKey(o => o.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentorProfile>(e =>
        {
            e.HasKey(m => m.ProfileId);
            e.Property(m => m.ProfileId).ValueGeneratedNever();
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(m => m.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentoringRequest>(e =>
        {
            // One open request per person.
            e.HasIndex(r => r.ProfileId).IsUnique().HasFilter("status = 'open'");
            e.Property(r => r.Status).HasMaxLength(20);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(r => r.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MatchingRun>(e =>
        {
            e.Property(r => r.RunBy).HasMaxLength(200);
            e.OwnsMany(r => r.Unmatched, u => u.ToJson());
        });
        model.Entity<ProposedPair>(e =>
        {
            e.HasIndex(p => p.RunId);
            e.HasIndex(p => new { p.MenteeProfileId, p.MentorProfileId });
            e.Property(p => p.Status).HasMaxLength(20);
            e.Property(p => p.DecidedBy).HasMaxLength(200);
            e.OwnsMany(p => p.Reasons, r => r.ToJson());
            e.HasOne<MatchingRun>().WithMany().HasForeignKey(p => p.RunId);
            // Erasing either person's profile takes their pairs with it.
            e.HasOne<MentoringRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(p => p.MentorProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentoringRelationship>(e =>
        {
            e.HasIndex(r => r.PairId).IsUnique();
            e.HasIndex(r => r.RequestId).IsUnique();
            e.HasIndex(r => r.MentorProfileId);
            e.HasIndex(r => r.MenteeProfileId);
            e.Property(r => r.EndReason).HasMaxLength(30);
            e.Property(r => r.EndedBy).HasMaxLength(20);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(r => r.MentorProfileId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(r => r.MenteeProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentoringMeeting>(e =>
        {
            e.HasIndex(m => m.RelationshipId);
            e.Property(m => m.Notes).HasMaxLength(4000);
            e.HasOne<MentoringRelationship>().WithMany().HasForeignKey(m => m.RelationshipId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentoringGoal>(e =>
        {
            e.HasIndex(g => g.RelationshipId);
            e.Property(g => g.Description).HasMaxLength(500);
            e.HasOne<MentoringRelationship>().WithMany().HasForeignKey(g => g.RelationshipId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MentoringOutcome>(e =>
        {
            e.HasIndex(o => o.RelationshipId);
            e.Property(o => o.Kind).HasMaxLength(40);
            e.Property(o => o.Description).HasMaxLength(500);
            e.HasOne<MentoringRelationship>().WithMany().HasForeignKey(o => o.RelationshipId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ExternalCompletion>(e =>
        {
            e.HasIndex(c => new { c.PartnerClientId, c.PartnerRecordId }).IsUnique();
            e.HasIndex(c => c.ProfileId);
            e.Property(c => c.PartnerClientId).HasMaxLength(200);
            e.Property(c => c.PartnerRecordId).HasMaxLength(100);
            e.Property(c => c.CourseCode).HasMaxLength(50);
            e.Property(c => c.CourseTitle).HasMaxLength(200);
            e.HasOne<StaffProfile>().WithMany().HasForeignKey(c => c.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PartnerIdempotencyKey>(e =>
        {
            e.HasKey(k => new { k.PartnerClientId, k.Key });
            e.Property(k => k.PartnerClientId).HasMaxLength(200);
            e.Property(k => k.Key).HasMaxLength(100);
            e.Property(k => k.RequestHash).HasMaxLength(64);
            e.HasOne<ExternalCompletion>().WithMany().HasForeignKey(k => k.CompletionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class TrainingDesignTimeFactory : IDesignTimeDbContextFactory<TrainingDbContext>
{
    public TrainingDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<TrainingDbContext>()
        .UseNpgsql("Host=localhost;Database=training").UseSnakeCaseNamingConvention().Options);
}

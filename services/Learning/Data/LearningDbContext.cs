using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Learning.Data;

public sealed class LearningDbContext(DbContextOptions<LearningDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<RegisteredVolunteer> RegisteredVolunteers => Set<RegisteredVolunteer>();
    public DbSet<PopulationBaseline> PopulationBaselines => Set<PopulationBaseline>();
    public DbSet<LocalAuthority> LocalAuthorities => Set<LocalAuthority>();
    public DbSet<RegistrationCount> RegistrationCounts => Set<RegistrationCount>();
    public DbSet<IndicatorSignal> IndicatorSignals => Set<IndicatorSignal>();
    public DbSet<StudyParticipant> StudyParticipants => Set<StudyParticipant>();
    public DbSet<StudyTeam> StudyTeams => Set<StudyTeam>();
    public DbSet<ErasureTombstone> ErasureTombstones => Set<ErasureTombstone>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<CourseCompletion> CourseCompletions => Set<CourseCompletion>();
    public DbSet<PartnerCompletion> PartnerCompletions => Set<PartnerCompletion>();
    public DbSet<CoursePlace> CoursePlaces => Set<CoursePlace>();
    public DbSet<StaffErasureTombstone> StaffErasureTombstones => Set<StaffErasureTombstone>();
    public DbSet<ChampionAppointment> ChampionAppointments => Set<ChampionAppointment>();
    public DbSet<MentoringRelationship> MentoringRelationships => Set<MentoringRelationship>();
    public DbSet<PanelMemberRecord> PanelMembers => Set<PanelMemberRecord>();
    public DbSet<PanelInvolvement> PanelInvolvements => Set<PanelInvolvement>();
    public DbSet<PanelFeedbackAnswer> PanelFeedbackAnswers => Set<PanelFeedbackAnswer>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddAuditTrail();
        model.Entity<RegisteredVolunteer>(e =>
        {
            e.HasKey(v => v.VolunteerId);
            // Monthly representation and the indicators read registrations by time.
            e.HasIndex(v => v.RegisteredAt);
            e.Property(v => v.AgeBand).HasMaxLength(10);
            e.Property(v => v.EthnicGroup).HasMaxLength(40);
            e.Property(v => v.Sex).HasMaxLength(10);
            e.Property(v => v.LocalAuthorityCode).HasMaxLength(9);
        });
        model.Entity<PopulationBaseline>(e =>
        {
            e.HasKey(b => new { b.Edition, b.Dimension, b.AreaCode, b.Group });
            e.Property(b => b.Edition).HasMaxLength(40);
            e.Property(b => b.Dimension).HasMaxLength(30);
            e.Property(b => b.AreaCode).HasMaxLength(9);
            e.Property(b => b.Group).HasMaxLength(40);
            e.Property(b => b.Source).HasMaxLength(300);
        });
        model.Entity<LocalAuthority>(e =>
        {
            e.HasKey(a => new { a.Code, a.EffectiveFrom });
            e.Property(a => a.Code).HasMaxLength(9);
            e.Property(a => a.Name).HasMaxLength(100);
            e.Property(a => a.IcbCode).HasMaxLength(20);
            e.Property(a => a.IcbName).HasMaxLength(150);
        });
        model.Entity<RegistrationCount>(e =>
        {
            e.HasKey(c => new { c.Dimension, c.AreaCode, c.Group, c.Shard });
            e.Property(c => c.Dimension).HasMaxLength(30);
            e.Property(c => c.AreaCode).HasMaxLength(9);
            e.Property(c => c.Group).HasMaxLength(40);
        });
        model.Entity<ErasureTombstone>(e => e.HasKey(t => t.VolunteerId));
        model.Entity<StudyParticipant>(e =>
        {
            e.HasKey(p => p.InvitationId);
            e.Property(p => p.InvitationId).ValueGeneratedNever();
            e.HasIndex(p => p.StudyId);
            e.Property(p => p.AgeBand).HasMaxLength(10);
            e.Property(p => p.EthnicGroup).HasMaxLength(40);
            e.Property(p => p.Sex).HasMaxLength(10);
            e.Property(p => p.LocalAuthorityCode).HasMaxLength(9);
            e.Property(p => p.Status).HasMaxLength(20);
        });
        model.Entity<StudyTeam>(e =>
        {
            e.HasKey(t => t.StudyId);
            e.Property(t => t.StudyId).ValueGeneratedNever();
            e.Property(t => t.OwnerSubjectId).HasMaxLength(200);
        });
        model.Entity<StaffMember>(e =>
        {
            e.HasKey(m => m.ProfileId);
            e.Property(m => m.ProfileId).ValueGeneratedNever();
            e.Property(m => m.ProfessionGroup).HasMaxLength(40);
            e.Property(m => m.OrganisationType).HasMaxLength(40);
            e.Property(m => m.IcbCode).HasMaxLength(20);
            e.Property(m => m.EthnicGroup).HasMaxLength(40);
        });
        model.Entity<CourseCompletion>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasIndex(c => c.ProfileId);
        });
        model.Entity<PartnerCompletion>(e =>
        {
            e.HasKey(c => c.CompletionId);
            e.Property(c => c.CompletionId).ValueGeneratedNever();
            e.HasIndex(c => c.ProfileId);
        });
        model.Entity<CoursePlace>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            // The indicator reads places by time.
            e.HasIndex(p => p.TakenAt);
        });
        model.Entity<ChampionAppointment>(e =>
        {
            e.HasKey(c => c.ChampionId);
            e.Property(c => c.ChampionId).ValueGeneratedNever();
            e.HasIndex(c => c.ProfileId);
        });
        model.Entity<MentoringRelationship>(e =>
        {
            e.HasKey(r => r.RelationshipId);
            e.Property(r => r.RelationshipId).ValueGeneratedNever();
            e.HasIndex(r => r.MenteeProfileId);
        });
        model.Entity<StaffErasureTombstone>(e =>
        {
            e.HasKey(t => t.ProfileId);
            e.Property(t => t.ProfileId).ValueGeneratedNever();
        });
        model.Entity<PanelMemberRecord>(e =>
        {
            e.ToTable("panel_members");
            e.HasKey(m => m.MemberId);
            e.Property(m => m.MemberId).ValueGeneratedNever();
            e.Property(m => m.EthnicGroup).HasMaxLength(40);
            e.Property(m => m.Sex).HasMaxLength(10);
            e.Property(m => m.AgeBand).HasMaxLength(10);
            e.Property(m => m.Disability).HasMaxLength(10);
            e.Property(m => m.LocalAuthorityCode).HasMaxLength(9);
        });
        model.Entity<PanelInvolvement>(e =>
        {
            e.HasKey(i => i.InvolvementId);
            e.Property(i => i.InvolvementId).ValueGeneratedNever();
            // The indicator reads involvements by date.
            e.HasIndex(i => i.ActivityDate);
            e.Property(i => i.ActivityType).HasMaxLength(50);
            e.Property(i => i.Hours).HasPrecision(6, 2);
        });
        model.Entity<PanelFeedbackAnswer>(e =>
        {
            e.HasKey(f => f.FeedbackId);
            e.Property(f => f.FeedbackId).ValueGeneratedNever();
            e.HasIndex(f => f.AnsweredAt);
        });
        model.Entity<IndicatorSignal>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.Period, x.PeriodStart, x.Rule }).IsUnique();
            e.Property(x => x.IndicatorId).HasMaxLength(60);
            e.Property(x => x.Period).HasMaxLength(10);
            e.Property(x => x.Rule).HasMaxLength(20);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class LearningDesignTimeFactory : IDesignTimeDbContextFactory<LearningDbContext>
{
    public LearningDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<LearningDbContext>()
        .UseNpgsql("Host=localhost;Database=learning").UseSnakeCaseNamingConvention().Options);
}

using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MhAll.Participation.Data;

public sealed class ParticipationDbContext(DbContextOptions<ParticipationDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<PostcodeArea> PostcodeAreas => Set<PostcodeArea>();
    public DbSet<ReferenceEdition> ReferenceEditions => Set<ReferenceEdition>();
    public DbSet<ConsentText> ConsentTexts => Set<ConsentText>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<Study> Studies => Set<Study>();
    public DbSet<StudyRevision> StudyRevisions => Set<StudyRevision>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<MatchProposal> MatchProposals => Set<MatchProposal>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<Interview> Interviews => Set<Interview>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddAuditTrail();
        // Each erasure's tombstone: the id other services know, and when (docs/decisions/0004).
        model.AddErasureLedger();
        // The register index reads tombstones since it last looked, as it reads changed volunteers.
        model.Entity<ErasedVolunteer>().HasIndex(e => e.ActedAt).HasDatabaseName("ix_erased_volunteers_acted_at");
        model.Entity<Volunteer>(e =>
        {
            e.Property(v => v.SubjectId).HasMaxLength(200);
            e.HasIndex(v => v.SubjectId).IsUnique();
            e.Property(v => v.FirstName).HasMaxLength(100);
            e.Property(v => v.LastName).HasMaxLength(100);
            e.Property(v => v.Email).HasMaxLength(254);
            e.HasIndex(v => v.Email).IsUnique();
            e.Property(v => v.EthnicGroup).HasMaxLength(40);
            e.Property(v => v.AgeBand).HasMaxLength(10);
            e.Property(v => v.Sex).HasMaxLength(10);
            e.Property(v => v.Postcode).HasMaxLength(8);
            e.Property(v => v.Lsoa11Code).HasMaxLength(9);
            e.Property(v => v.Lsoa21Code).HasMaxLength(9);
            e.Property(v => v.LocalAuthorityCode).HasMaxLength(9);
            e.Property(v => v.IcbCode).HasMaxLength(10);
            e.Property(v => v.Lsoa21Method).HasMaxLength(12);
            e.Property(v => v.Lsoa11Method).HasMaxLength(12);
            e.Property(v => v.AreaEdition).HasMaxLength(200);
            // The 2019 decile keeps the column it always had.
            e.Property(v => v.Imd2019Decile).HasColumnName("imd_decile");
            e.Property(v => v.Phone).HasMaxLength(11);
            e.Property(v => v.Address).HasMaxLength(300);
            e.Property(v => v.Language).HasMaxLength(3);
            e.Property(v => v.AccessibilityNeeds).HasMaxLength(500);
            e.Property(v => v.GenderIdentity).HasMaxLength(30);
            e.Property(v => v.HeardVia).HasMaxLength(30);
            e.Property(v => v.LinkCodeHash).HasMaxLength(64);
            e.HasIndex(v => v.LinkCodeHash).IsUnique().HasFilter("link_code_hash IS NOT NULL");
            // The register index reads what changed since it last looked (docs/decisions/0005).
            e.HasIndex(v => v.ChangedAt);
            e.Property(v => v.Version).IsRowVersion();
        });
        model.Entity<Study>(e =>
        {
            e.Property(s => s.OwnerSubjectId).HasMaxLength(200);
            e.HasIndex(s => s.OwnerSubjectId);
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.LaySummary).HasMaxLength(4000);
            e.Property(s => s.Sponsor).HasMaxLength(200);
            e.Property(s => s.IrasId).HasMaxLength(7);
            e.Property(s => s.IsrctnId).HasMaxLength(14);
            e.Property(s => s.Status).HasMaxLength(40);
            e.Property(s => s.DecidedBy).HasMaxLength(200);
            e.Property(s => s.DecisionNote).HasMaxLength(2000);
            e.OwnsOne(s => s.Eligibility, o => o.ToJson());
            e.OwnsMany(s => s.RepresentationTargets, o => o.ToJson());
            e.Property(s => s.Version).IsRowVersion();
        });
        model.Entity<StudyRevision>(e =>
        {
            // Two revisions of the same study racing for the next number: the second meets the key and saves nothing.
            e.HasKey(r => new { r.StudyId, r.Number });
            e.Property(r => r.RevisedBy).HasMaxLength(200);
            e.Property(r => r.StatusBefore).HasMaxLength(40);
            e.Property(r => r.StatusAfter).HasMaxLength(40);
            e.Property(r => r.Snapshot).HasColumnType("jsonb");
            e.HasOne<Study>().WithMany().HasForeignKey(r => r.StudyId);
        });
        model.Entity<Invitation>(e =>
        {
            e.HasIndex(i => new { i.StudyId, i.VolunteerId }).IsUnique();
            // The contact cap counts a volunteer's recent invitations.
            e.HasIndex(i => new { i.VolunteerId, i.InvitedAt });
            e.Property(i => i.Status).HasMaxLength(20);
            e.Property(i => i.InvitedBy).HasMaxLength(200);
            e.HasOne<Study>().WithMany().HasForeignKey(i => i.StudyId);
            e.HasOne<Volunteer>().WithMany().HasForeignKey(i => i.VolunteerId);
            e.Property(i => i.Version).IsRowVersion();
        });
        model.Entity<MatchProposal>(e =>
        {
            e.HasIndex(p => p.StudyId);
            e.Property(p => p.ProposedBy).HasMaxLength(200);
            // Confirmed once: a second confirmation racing the first updates no row and saves nothing.
            e.Property(p => p.ConfirmedAt).IsConcurrencyToken();
            e.HasOne<Study>().WithMany().HasForeignKey(p => p.StudyId);
        });
        model.Entity<ConsentText>(e =>
        {
            e.HasKey(t => t.Version);
            e.Property(t => t.Version).ValueGeneratedNever();
            e.Property(t => t.Text).HasMaxLength(4000);
        });
        model.Entity<ConsentRecord>(e =>
        {
            e.HasIndex(r => r.VolunteerId);
            e.Property(r => r.Decision).HasMaxLength(20);
            e.Property(r => r.Method).HasMaxLength(20);
            e.Property(r => r.RecordedBy).HasMaxLength(200);
            e.HasOne<ConsentText>().WithMany().HasForeignKey(r => r.Version);
        });
        model.Entity<Survey>(e =>
        {
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.Introduction).HasMaxLength(4000);
            e.Property(s => s.Mode).HasMaxLength(20);
            e.Property(s => s.Status).HasMaxLength(20);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
            e.OwnsMany(s => s.Questions, q => { q.ToJson(); q.OwnsMany(x => x.Options); });
        });
        model.Entity<SurveyResponse>(e =>
        {
            e.HasIndex(r => r.SurveyId);
            // A linked survey takes one answer per volunteer.
            e.HasIndex(r => new { r.SurveyId, r.VolunteerId }).IsUnique().HasFilter("volunteer_id IS NOT NULL");
            e.Property(r => r.EthnicGroup).HasMaxLength(40);
            e.Property(r => r.AgeBand).HasMaxLength(10);
            e.Property(r => r.Relationship).HasMaxLength(30);
            e.OwnsMany(r => r.Answers, a => a.ToJson());
            e.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId);
        });
        model.Entity<Interview>(e =>
        {
            e.Property(i => i.RecordedBy).HasMaxLength(200);
            e.Property(i => i.ParticipantRelationship).HasMaxLength(30);
            e.Property(i => i.EthnicGroup).HasMaxLength(40);
            e.Property(i => i.AgeBand).HasMaxLength(10);
            e.Property(i => i.LocalAuthorityCode).HasMaxLength(9);
            e.Property(i => i.Setting).HasMaxLength(200);
            e.Property(i => i.Summary).HasMaxLength(8000);
            e.OwnsMany(i => i.Themes, t => t.ToJson());
        });
        model.Entity<PostcodeArea>(e =>
        {
            e.HasKey(p => p.Postcode);
            e.Property(p => p.Postcode).HasMaxLength(8);
            e.Property(p => p.Lsoa21Code).HasMaxLength(9);
            e.Property(p => p.Lsoa11Code).HasMaxLength(9);
            e.Property(p => p.LocalAuthorityCode).HasMaxLength(9);
            e.Property(p => p.IcbCode).HasMaxLength(10);
            e.Property(p => p.Lsoa21Method).HasMaxLength(12);
            e.Property(p => p.Lsoa11Method).HasMaxLength(12);
        });
        model.Entity<ReferenceEdition>(e =>
        {
            e.HasKey(r => r.Table);
            e.Property(r => r.Table).HasMaxLength(40);
            e.Property(r => r.Edition).HasMaxLength(200);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only; at run time the connection string comes from configuration.</summary>
public sealed class ParticipationDesignTimeFactory : IDesignTimeDbContextFactory<ParticipationDbContext>
{
    public ParticipationDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ParticipationDbContext>()
        .UseNpgsql("Host=localhost;Database=participation").UseSnakeCaseNamingConvention().Options);
}

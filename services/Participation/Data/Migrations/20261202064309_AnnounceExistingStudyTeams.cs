using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <summary>
    /// Studies submitted before Participation announced teams (StudyTeamChanged) are announced once, through the
    /// outbox like any event, so Learning shows their figures to their teams. Runs once, as every migration does.
    /// </summary>
    public partial class AnnounceExistingStudyTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The payload is the contract's JSON (camelCase, as the outbox writes it); the team is as of submission.
            migrationBuilder.Sql("""
                INSERT INTO outbox_messages (id, message_type, payload, headers, created_at, attempts, next_attempt_at)
                SELECT gen_random_uuid(), 'MhAll.Contracts.Participation.StudyTeamChanged, MhAll.Contracts',
                       json_build_object('studyId', id, 'ownerSubjectId', owner_subject_id, 'changedAt', submitted_at),
                       '{}'::json, now(), 0, now()
                FROM studies
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Announcements already sent cannot be taken back; nothing to undo here.
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErasureLeavesANewIdAndLess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erased_volunteers",
                columns: table => new
                {
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    records_erased = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erased_volunteers", x => x.volunteer_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_erased_volunteers_acted_at",
                table: "erased_volunteers",
                column: "acted_at");

            // Rows erased before this migration kept their id and too much: each is replaced as an erasure now does
            // (AnonymisedVolunteer.Of, docs/decisions/0004), leaving a tombstone with the old id.
            migrationBuilder.Sql("""
                CREATE TEMPORARY TABLE erasure_remap ON COMMIT DROP AS
                  SELECT id AS old_id, gen_random_uuid() AS new_id FROM volunteers WHERE erased_at IS NOT NULL;
                INSERT INTO volunteers (id, contact_channels, language, easy_read, age_band, ethnic_group, relationships, conditions,
                                        research_interests, imd2025decile, imd_decile, registered_at, match_key, changed_at, withdrawn_at, erased_at)
                  SELECT r.new_id, '{}', '', false, v.age_band,
                         CASE WHEN split_part(v.ethnic_group, '-', 1) IN ('asian', 'black', 'mixed', 'white', 'other')
                              THEN split_part(v.ethnic_group, '-', 1) END,
                         '{}', '{}', '{}', (v.imd2025decile + 1) / 2 * 2 - 1, (v.imd_decile + 1) / 2 * 2 - 1,
                         date_trunc('month', v.registered_at, 'UTC'), 0, date_trunc('month', v.erased_at, 'UTC'),
                         date_trunc('month', coalesce(v.withdrawn_at, v.erased_at), 'UTC'), date_trunc('month', v.erased_at, 'UTC')
                  FROM volunteers v JOIN erasure_remap r ON r.old_id = v.id;
                UPDATE invitations i SET volunteer_id = r.new_id FROM erasure_remap r WHERE i.volunteer_id = r.old_id;
                UPDATE consent_records c SET volunteer_id = r.new_id, recorded_by = NULL, at = date_trunc('month', c.at, 'UTC')
                  FROM erasure_remap r WHERE c.volunteer_id = r.old_id;
                UPDATE survey_responses s SET volunteer_id = NULL FROM erasure_remap r WHERE s.volunteer_id = r.old_id;
                UPDATE match_proposals m
                  SET volunteer_ids = ARRAY(SELECT x FROM unnest(m.volunteer_ids) x WHERE x NOT IN (SELECT old_id FROM erasure_remap))
                  WHERE m.volunteer_ids && ARRAY(SELECT old_id FROM erasure_remap);
                DELETE FROM outbox_messages o USING erasure_remap r WHERE o.sent_at IS NOT NULL AND strpos(o.payload::text, r.old_id::text) > 0;
                INSERT INTO erased_volunteers (volunteer_id, erased_at, acted_at, records_erased)
                  SELECT v.id, v.erased_at, now(), 1 FROM volunteers v JOIN erasure_remap r ON r.old_id = v.id;
                DELETE FROM volunteers WHERE id IN (SELECT old_id FROM erasure_remap);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erased_volunteers");
        }
    }
}

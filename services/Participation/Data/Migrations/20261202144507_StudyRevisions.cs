using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <summary>
    /// Every revision of a study's details is kept. Each study already on the database gets its revision 1: its
    /// details as they stand (earlier changes were not recorded), by its researcher, as of its submission, in the
    /// API's camelCase as the service writes it.
    /// </summary>
    public partial class StudyRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "revision",
                table: "studies",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "study_revisions",
                columns: table => new
                {
                    study_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    revised_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    revised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_fields = table.Column<List<string>>(type: "text[]", nullable: false),
                    material = table.Column<bool>(type: "boolean", nullable: false),
                    status_before = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status_after = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_study_revisions", x => new { x.study_id, x.number });
                    table.ForeignKey(
                        name: "fk_study_revisions_studies_study_id",
                        column: x => x.study_id,
                        principalTable: "studies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The eligibility and targets columns hold EF's own JSON (PascalCase); the snapshot is the API's.
            migrationBuilder.Sql("""
                INSERT INTO study_revisions (study_id, number, revised_by, revised_at, changed_fields, material, status_before, status_after, snapshot)
                SELECT s.id, 1, s.owner_subject_id, s.submitted_at, '{}', false, s.status, s.status,
                       jsonb_build_object(
                           'title', s.title, 'laySummary', s.lay_summary, 'irasId', s.iras_id, 'isrctnId', s.isrctn_id, 'sponsor', s.sponsor,
                           'sites', to_jsonb(s.sites), 'boroughs', to_jsonb(s.boroughs),
                           'eligibility', jsonb_build_object(
                               'minAge', e.value->'MinAge', 'maxAge', e.value->'MaxAge',
                               'sexes', coalesce(e.value->'Sexes', '[]'), 'conditions', coalesce(e.value->'Conditions', '[]'),
                               'ethnicGroups', coalesce(e.value->'EthnicGroups', '[]'), 'localAuthorities', coalesce(e.value->'LocalAuthorities', '[]'),
                               'icbs', coalesce(e.value->'Icbs', '[]'), 'imdDeciles', coalesce(e.value->'ImdDeciles', '[]'),
                               'imdEdition', e.value->'ImdEdition', 'relationships', coalesce(e.value->'Relationships', '[]'),
                               'languages', coalesce(e.value->'Languages', '[]')),
                           'recruitmentTarget', s.recruitment_target,
                           'representationTargets', coalesce((SELECT jsonb_agg(jsonb_build_object('dimension', t->'Dimension', 'group', t->'Group', 'share', t->'Share'))
                                                              FROM jsonb_array_elements(s.representation_targets) t), '[]'),
                           'startDate', s.start_date, 'endDate', s.end_date, 'askPanelReview', s.ask_panel_review)
                FROM studies s CROSS JOIN LATERAL (SELECT coalesce(s.eligibility, '{}') AS value) e
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "study_revisions");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "studies");
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class MentoringAndPartnerRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "external_completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    partner_record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    course_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    completed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_external_completions", x => x.id);
                    table.ForeignKey(
                        name: "fk_external_completions_staff_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "matching_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    run_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unmatched = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matching_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mentor_profiles",
                columns: table => new
                {
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    methods = table.Column<List<string>>(type: "text[]", nullable: false),
                    topics = table.Column<List<string>>(type: "text[]", nullable: false),
                    professions_supported = table.Column<List<string>>(type: "text[]", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    availability = table.Column<List<string>>(type: "text[]", nullable: false),
                    modes = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentor_profiles", x => x.profile_id);
                    table.ForeignKey(
                        name: "fk_mentor_profiles_staff_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_relationships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pair_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mentor_profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mentee_profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_relationships", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_relationships_staff_profiles_mentee_profile_id",
                        column: x => x.mentee_profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mentoring_relationships_staff_profiles_mentor_profile_id",
                        column: x => x.mentor_profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    topics = table.Column<List<string>>(type: "text[]", nullable: false),
                    methods = table.Column<List<string>>(type: "text[]", nullable: false),
                    availability = table.Column<List<string>>(type: "text[]", nullable: false),
                    modes = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_requests_staff_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partner_idempotency_keys",
                columns: table => new
                {
                    partner_client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    completion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_idempotency_keys", x => new { x.partner_client_id, x.key });
                    table.ForeignKey(
                        name: "fk_partner_idempotency_keys_external_completions_completion_id",
                        column: x => x.completion_id,
                        principalTable: "external_completions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_goals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    set_on = table.Column<DateOnly>(type: "date", nullable: false),
                    met_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_goals", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_goals_mentoring_relationships_relationship_id",
                        column: x => x.relationship_id,
                        principalTable: "mentoring_relationships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_meetings", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_meetings_mentoring_relationships_relationship_id",
                        column: x => x.relationship_id,
                        principalTable: "mentoring_relationships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_outcomes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    achieved_on = table.Column<DateOnly>(type: "date", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_outcomes", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_outcomes_mentoring_relationships_relationship_id",
                        column: x => x.relationship_id,
                        principalTable: "mentoring_relationships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proposed_pairs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mentee_profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mentor_profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reasons = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proposed_pairs", x => x.id);
                    table.ForeignKey(
                        name: "fk_proposed_pairs_matching_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "matching_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_proposed_pairs_mentoring_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "mentoring_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_proposed_pairs_staff_profiles_mentor_profile_id",
                        column: x => x.mentor_profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_external_completions_partner_client_id_partner_record_id",
                table: "external_completions",
                columns: new[] { "partner_client_id", "partner_record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_external_completions_profile_id",
                table: "external_completions",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_goals_relationship_id",
                table: "mentoring_goals",
                column: "relationship_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_meetings_relationship_id",
                table: "mentoring_meetings",
                column: "relationship_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_outcomes_relationship_id",
                table: "mentoring_outcomes",
                column: "relationship_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_relationships_mentee_profile_id",
                table: "mentoring_relationships",
                column: "mentee_profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_relationships_mentor_profile_id",
                table: "mentoring_relationships",
                column: "mentor_profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_relationships_pair_id",
                table: "mentoring_relationships",
                column: "pair_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_relationships_request_id",
                table: "mentoring_relationships",
                column: "request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_requests_profile_id",
                table: "mentoring_requests",
                column: "profile_id",
                unique: true,
                filter: "status = 'open'");

            migrationBuilder.CreateIndex(
                name: "ix_partner_idempotency_keys_completion_id",
                table: "partner_idempotency_keys",
                column: "completion_id");

            migrationBuilder.CreateIndex(
                name: "ix_proposed_pairs_mentee_profile_id_mentor_profile_id",
                table: "proposed_pairs",
                columns: new[] { "mentee_profile_id", "mentor_profile_id" });

            migrationBuilder.CreateIndex(
                name: "ix_proposed_pairs_mentor_profile_id",
                table: "proposed_pairs",
                column: "mentor_profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_proposed_pairs_request_id",
                table: "proposed_pairs",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_proposed_pairs_run_id",
                table: "proposed_pairs",
                column: "run_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mentor_profiles");

            migrationBuilder.DropTable(
                name: "mentoring_goals");

            migrationBuilder.DropTable(
                name: "mentoring_meetings");

            migrationBuilder.DropTable(
                name: "mentoring_outcomes");

            migrationBuilder.DropTable(
                name: "partner_idempotency_keys");

            migrationBuilder.DropTable(
                name: "proposed_pairs");

            migrationBuilder.DropTable(
                name: "mentoring_relationships");

            migrationBuilder.DropTable(
                name: "external_completions");

            migrationBuilder.DropTable(
                name: "matching_runs");

            migrationBuilder.DropTable(
                name: "mentoring_requests");
        }
    }
}

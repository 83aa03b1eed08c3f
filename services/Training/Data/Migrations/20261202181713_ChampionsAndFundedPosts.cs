using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChampionsAndFundedPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "champions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    icb_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    appointed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    appointed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    stood_down_on = table.Column<DateOnly>(type: "date", nullable: true),
                    stood_down_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stood_down_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champions", x => x.id);
                    table.ForeignKey(
                        name: "fk_champions_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_champions_staff_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "funding_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    priority_conditions = table.Column<List<string>>(type: "text[]", nullable: false),
                    priority_groups = table.Column<List<string>>(type: "text[]", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    opens_on = table.Column<DateOnly>(type: "date", nullable: false),
                    closes_on = table.Column<DateOnly>(type: "date", nullable: false),
                    eligible_professions = table.Column<List<string>>(type: "text[]", nullable: false),
                    eligible_organisation_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    blind = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    criteria = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_funding_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "champion_activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    champion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    study_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_champion_activities_champions_champion_id",
                        column: x => x.champion_id,
                        principalTable: "champions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_reviewers",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_reviewers", x => new { x.call_id, x.subject_id });
                    table.ForeignKey(
                        name: "fk_call_reviewers_funding_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "funding_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "funding_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    statement = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    requested_amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    answers = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_funding_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_funding_applications_funding_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "funding_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_funding_applications_staff_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "staff_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_reviews",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reviewer_subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    conflict = table.Column<bool>(type: "boolean", nullable: false),
                    conflict_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    declared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    scores = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_reviews", x => new { x.application_id, x.reviewer_subject_id });
                    table.ForeignKey(
                        name: "fk_application_reviews_funding_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "funding_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "award_milestones",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    done_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_award_milestones", x => x.id);
                    table.ForeignKey(
                        name: "fk_award_milestones_funding_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "funding_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "award_outputs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_award_outputs", x => x.id);
                    table.ForeignKey(
                        name: "fk_award_outputs_funding_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "funding_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_award_milestones_application_id",
                table: "award_milestones",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_award_outputs_application_id",
                table: "award_outputs",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_reviewers_subject_id",
                table: "call_reviewers",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_champion_activities_champion_id_on",
                table: "champion_activities",
                columns: new[] { "champion_id", "on" });

            migrationBuilder.CreateIndex(
                name: "ix_champions_organisation_id_status",
                table: "champions",
                columns: new[] { "organisation_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_champions_profile_id",
                table: "champions",
                column: "profile_id",
                unique: true,
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "ix_funding_applications_call_id_profile_id",
                table: "funding_applications",
                columns: new[] { "call_id", "profile_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_funding_applications_profile_id",
                table: "funding_applications",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_funding_calls_closes_on",
                table: "funding_calls",
                column: "closes_on");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_reviews");

            migrationBuilder.DropTable(
                name: "award_milestones");

            migrationBuilder.DropTable(
                name: "award_outputs");

            migrationBuilder.DropTable(
                name: "call_reviewers");

            migrationBuilder.DropTable(
                name: "champion_activities");

            migrationBuilder.DropTable(
                name: "funding_applications");

            migrationBuilder.DropTable(
                name: "champions");

            migrationBuilder.DropTable(
                name: "funding_calls");
        }
    }
}

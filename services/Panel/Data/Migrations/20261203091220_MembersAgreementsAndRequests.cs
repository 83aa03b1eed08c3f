using System;
using System.Collections.Generic;
using MhAll.Messaging.Audit;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MhAll.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class MembersAgreementsAndRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    request = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "confidentiality_agreements",
                columns: table => new
                {
                    version = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_confidentiality_agreements", x => x.version);
                });

            migrationBuilder.CreateTable(
                name: "involvement_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    study_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    members_wanted = table.Column<int>(type: "integer", nullable: true),
                    lived_experience_wanted = table.Column<List<string>>(type: "text[]", nullable: false),
                    skills_wanted = table.Column<List<string>>(type: "text[]", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: true),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    respond_by = table.Column<DateOnly>(type: "date", nullable: true),
                    estimated_hours = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    preparation_hours = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    activity_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    rate_category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    triage_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    triaged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    triaged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_involvement_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "panel_members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    motivation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lived_experience = table.Column<List<string>>(type: "text[]", nullable: false),
                    skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    languages = table.Column<List<string>>(type: "text[]", nullable: false),
                    available_days = table.Column<List<string>>(type: "text[]", nullable: false),
                    available_times = table.Column<List<string>>(type: "text[]", nullable: false),
                    formats = table.Column<List<string>>(type: "text[]", nullable: false),
                    access_needs = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ethnic_group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    sex = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    age_band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    disability = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    local_authority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    payment_preference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    public_sector_employee = table.Column<bool>(type: "boolean", nullable: false),
                    benefits_advice_offered = table.Column<bool>(type: "boolean", nullable: false),
                    benefits_advice_offered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_panel_members", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "agreement_signatures",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_signatures", x => new { x.member_id, x.version });
                    table.ForeignKey(
                        name: "fk_agreement_signatures_confidentiality_agreements_version",
                        column: x => x.version,
                        principalTable: "confidentiality_agreements",
                        principalColumn: "version",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_agreement_signatures_panel_members_member_id",
                        column: x => x.member_id,
                        principalTable: "panel_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "member_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_member_status_changes_panel_members_member_id",
                        column: x => x.member_id,
                        principalTable: "panel_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agreement_signatures_version",
                table: "agreement_signatures",
                column: "version");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor",
                table: "audit_entries",
                columns: new[] { "actor_subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject",
                table: "audit_entries",
                columns: new[] { "subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_requests_owner_subject_id_submitted_at",
                table: "involvement_requests",
                columns: new[] { "owner_subject_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_requests_status_submitted_at",
                table: "involvement_requests",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_member_status_changes_member_id",
                table: "member_status_changes",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_panel_members_status",
                table: "panel_members",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_panel_members_subject_id",
                table: "panel_members",
                column: "subject_id",
                unique: true,
                filter: "subject_id IS NOT NULL");

            migrationBuilder.MakeAuditTrailAppendOnly();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_signatures");

            migrationBuilder.DropTable(
                name: "audit_entries");
            migrationBuilder.DropAuditTrailFunction();

            migrationBuilder.DropTable(
                name: "involvement_requests");

            migrationBuilder.DropTable(
                name: "member_status_changes");

            migrationBuilder.DropTable(
                name: "confidentiality_agreements");

            migrationBuilder.DropTable(
                name: "panel_members");
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegisterFieldsStudiesAndInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "accessibility_needs",
                table: "volunteers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address",
                table: "volunteers",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "conditions",
                table: "volunteers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<string>>(
                name: "contact_channels",
                table: "volunteers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{email}'");

            migrationBuilder.AddColumn<bool>(
                name: "easy_read",
                table: "volunteers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "gender_identity",
                table: "volunteers",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "heard_via",
                table: "volunteers",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "volunteers",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValueSql: "'en'");

            migrationBuilder.AddColumn<int>(
                name: "match_key",
                table: "volunteers",
                type: "integer",
                nullable: false,
                defaultValueSql: "floor(random() * 2147483647)::int");

            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "volunteers",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "relationships",
                table: "volunteers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<string>>(
                name: "research_interests",
                table: "volunteers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // Those already registered gave an email address and agreed to be contacted: email is their channel.
            // The defaults fill existing rows only; the service always sets these columns itself.
            migrationBuilder.Sql("""
                ALTER TABLE volunteers ALTER COLUMN conditions DROP DEFAULT, ALTER COLUMN contact_channels DROP DEFAULT,
                    ALTER COLUMN relationships DROP DEFAULT, ALTER COLUMN research_interests DROP DEFAULT,
                    ALTER COLUMN language DROP DEFAULT, ALTER COLUMN match_key DROP DEFAULT;
                """);

            migrationBuilder.CreateTable(
                name: "studies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    lay_summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    iras_id = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    isrctn_id = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    sponsor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sites = table.Column<List<string>>(type: "text[]", nullable: false),
                    boroughs = table.Column<List<string>>(type: "text[]", nullable: false),
                    recruitment_target = table.Column<int>(type: "integer", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: true),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    ask_panel_review = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decision_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    eligibility = table.Column<string>(type: "jsonb", nullable: false),
                    representation_targets = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_studies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    study_id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    invited_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_invitations_studies_study_id",
                        column: x => x.study_id,
                        principalTable: "studies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_invitations_volunteers_volunteer_id",
                        column: x => x.volunteer_id,
                        principalTable: "volunteers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_volunteers_match_key",
                table: "volunteers",
                column: "match_key",
                filter: "withdrawn_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_study_id_volunteer_id",
                table: "invitations",
                columns: new[] { "study_id", "volunteer_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invitations_volunteer_id_invited_at",
                table: "invitations",
                columns: new[] { "volunteer_id", "invited_at" });

            migrationBuilder.CreateIndex(
                name: "ix_studies_owner_subject_id",
                table: "studies",
                column: "owner_subject_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "studies");

            migrationBuilder.DropIndex(
                name: "ix_volunteers_match_key",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "accessibility_needs",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "address",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "conditions",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "contact_channels",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "easy_read",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "gender_identity",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "heard_via",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "language",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "match_key",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "phone",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "relationships",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "research_interests",
                table: "volunteers");
        }
    }
}

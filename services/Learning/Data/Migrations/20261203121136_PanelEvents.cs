using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class PanelEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "panel_feedback_answers",
                columns: table => new
                {
                    feedback_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    study_id = table.Column<Guid>(type: "uuid", nullable: true),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    turnaround_days = table.Column<int>(type: "integer", nullable: false),
                    was_overdue = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_panel_feedback_answers", x => x.feedback_id);
                });

            migrationBuilder.CreateTable(
                name: "panel_involvements",
                columns: table => new
                {
                    involvement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    activity_date = table.Column<DateOnly>(type: "date", nullable: false),
                    hours = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_panel_involvements", x => x.involvement_id);
                });

            migrationBuilder.CreateTable(
                name: "panel_members",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ethnic_group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    age_band = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    disability = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    local_authority_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    left_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_panel_members", x => x.member_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_panel_feedback_answers_answered_at",
                table: "panel_feedback_answers",
                column: "answered_at");

            migrationBuilder.CreateIndex(
                name: "ix_panel_involvements_activity_date",
                table: "panel_involvements",
                column: "activity_date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "panel_feedback_answers");

            migrationBuilder.DropTable(
                name: "panel_involvements");

            migrationBuilder.DropTable(
                name: "panel_members");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class StudyTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "study_teams",
                columns: table => new
                {
                    study_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_study_teams", x => x.study_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "study_teams");
        }
    }
}

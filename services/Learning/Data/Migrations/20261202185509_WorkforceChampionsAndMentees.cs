using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkforceChampionsAndMentees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "champion_appointments",
                columns: table => new
                {
                    champion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stood_down = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_appointments", x => x.champion_id);
                });

            migrationBuilder.CreateTable(
                name: "mentoring_relationships",
                columns: table => new
                {
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mentee_profile_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_relationships", x => x.relationship_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_champion_appointments_profile_id",
                table: "champion_appointments",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_relationships_mentee_profile_id",
                table: "mentoring_relationships",
                column: "mentee_profile_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "champion_appointments");

            migrationBuilder.DropTable(
                name: "mentoring_relationships");
        }
    }
}

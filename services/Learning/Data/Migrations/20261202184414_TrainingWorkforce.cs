using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrainingWorkforce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "course_completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_course_completions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "course_places",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    under_served = table.Column<bool>(type: "boolean", nullable: false),
                    taken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_course_places", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_erasure_tombstones",
                columns: table => new
                {
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_erasure_tombstones", x => x.profile_id);
                });

            migrationBuilder.CreateTable(
                name: "staff_members",
                columns: table => new
                {
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    categories_as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    profession_group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    organisation_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    icb_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ethnic_group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    under_served = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_members", x => x.profile_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_course_completions_profile_id",
                table: "course_completions",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_course_places_taken_at",
                table: "course_places",
                column: "taken_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "course_completions");

            migrationBuilder.DropTable(
                name: "course_places");

            migrationBuilder.DropTable(
                name: "staff_erasure_tombstones");

            migrationBuilder.DropTable(
                name: "staff_members");
        }
    }
}

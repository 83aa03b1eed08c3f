using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class Imd2025Decile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "imd2025decile",
                table: "study_participants",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "imd2025decile",
                table: "registered_volunteers",
                type: "integer",
                nullable: true);

            // Everyone counted so far has no IMD 2025 decile yet: count them as not stated in that dimension (one
            // row per area and shard, as many as the IMD 2019 rows hold), so re-placing them moves them out of it.
            migrationBuilder.Sql("""
                INSERT INTO registration_counts (dimension, area_code, "group", shard, count)
                SELECT 'imd2025-decile', area_code, 'not-stated', shard, SUM(count) FROM registration_counts
                WHERE dimension = 'imd-decile' GROUP BY area_code, shard HAVING SUM(count) <> 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM registration_counts WHERE dimension = 'imd2025-decile'");

            migrationBuilder.DropColumn(
                name: "imd2025decile",
                table: "study_participants");

            migrationBuilder.DropColumn(
                name: "imd2025decile",
                table: "registered_volunteers");
        }
    }
}

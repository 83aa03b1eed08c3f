using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class SurveyAnswersKeepBothImdEditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The one decile answers kept was IMD 2019's; IMD 2025 joins it, filled from the volunteer where still linked.
            migrationBuilder.RenameColumn(
                name: "imd_decile",
                table: "survey_responses",
                newName: "imd2019decile");

            migrationBuilder.AddColumn<int>(
                name: "imd2025decile",
                table: "survey_responses",
                type: "integer",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE survey_responses r SET imd2025decile = v.imd2025decile FROM volunteers v WHERE r.volunteer_id = v.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "imd2025decile",
                table: "survey_responses");

            migrationBuilder.RenameColumn(
                name: "imd2019decile",
                table: "survey_responses",
                newName: "imd_decile");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class StudiesRememberTheApprovedRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "approved_revision",
                table: "studies",
                type: "integer",
                nullable: true);

            // Approved and still so (or past it): its latest revision. Back in review after approval: the last revision made by then.
            migrationBuilder.Sql("""
                UPDATE studies SET approved_revision = revision WHERE status NOT IN ('in-review', 'disapproved');
                UPDATE studies s SET approved_revision = (SELECT max(r.number) FROM study_revisions r WHERE r.study_id = s.id AND r.revised_at <= s.decided_at)
                WHERE s.decided_at IS NOT NULL AND s.status = 'in-review';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "approved_revision",
                table: "studies");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvitationsRememberInterest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "interested_at",
                table: "invitations",
                type: "timestamp with time zone",
                nullable: true);

            // Every invitation that has been at or past interested. One that went interested → declined cannot be told
            // from one declined at once, so it stays off the team's list: the safe side.
            migrationBuilder.Sql("""
                UPDATE invitations SET interested_at = coalesce(responded_at, updated_at)
                WHERE status IN ('interested', 'screened', 'enrolled', 'ineligible') OR (status = 'withdrawn' AND responded_at IS NOT NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "interested_at",
                table: "invitations");
        }
    }
}

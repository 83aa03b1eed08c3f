using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolunteerLinkCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "link_code_expires_at",
                table: "volunteers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "link_code_hash",
                table: "volunteers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_volunteers_link_code_hash",
                table: "volunteers",
                column: "link_code_hash",
                unique: true,
                filter: "link_code_hash IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_volunteers_link_code_hash",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "link_code_expires_at",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "link_code_hash",
                table: "volunteers");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegisterIndexChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_volunteers_match_key",
                table: "volunteers");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "changed_at",
                table: "volunteers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Rows already there last changed when they were registered, withdrawn or erased, as far as anyone knows.
            migrationBuilder.Sql("""
                UPDATE volunteers SET changed_at = greatest(registered_at, coalesce(withdrawn_at, registered_at), coalesce(erased_at, registered_at));
                ALTER TABLE volunteers ALTER COLUMN changed_at DROP DEFAULT;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_volunteers_changed_at",
                table: "volunteers",
                column: "changed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_volunteers_changed_at",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "changed_at",
                table: "volunteers");

            migrationBuilder.CreateIndex(
                name: "ix_volunteers_match_key",
                table: "volunteers",
                column: "match_key",
                filter: "withdrawn_at IS NULL");
        }
    }
}

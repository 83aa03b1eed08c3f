using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistrationsByTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_registered_volunteers_registered_at",
                table: "registered_volunteers",
                column: "registered_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_registered_volunteers_registered_at",
                table: "registered_volunteers");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class PostcodeAreas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "imd_decile",
                table: "volunteers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "local_authority_code",
                table: "volunteers",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lsoa11code",
                table: "volunteers",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "postcode",
                table: "volunteers",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "postcode_areas",
                columns: table => new
                {
                    postcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    lsoa11code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    local_authority_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    imd_decile = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postcode_areas", x => x.postcode);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "postcode_areas");

            migrationBuilder.DropColumn(
                name: "imd_decile",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "local_authority_code",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "lsoa11code",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "postcode",
                table: "volunteers");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Participation.Data.Migrations
{
    /// <inheritdoc />
    public partial class AreasInBothEditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The shipped table is reloaded in both editions by the seeder (no edition is recorded yet): its old rows go now.
            migrationBuilder.Sql("TRUNCATE postcode_areas");
            migrationBuilder.DropColumn(
                name: "exact",
                table: "postcode_areas");

            migrationBuilder.RenameColumn(
                name: "imd_decile",
                table: "postcode_areas",
                newName: "imd2019decile");

            migrationBuilder.AddColumn<string>(
                name: "area_edition",
                table: "volunteers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "icb_code",
                table: "volunteers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "imd2025decile",
                table: "volunteers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lsoa11method",
                table: "volunteers",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lsoa21code",
                table: "volunteers",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lsoa21method",
                table: "volunteers",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "icb_code",
                table: "postcode_areas",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "imd2025decile",
                table: "postcode_areas",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "lsoa11method",
                table: "postcode_areas",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "lsoa21code",
                table: "postcode_areas",
                type: "character varying(9)",
                maxLength: 9,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "lsoa21method",
                table: "postcode_areas",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            // Volunteers placed before keep their LSOA 2011 and IMD 2019 decile, with how the LSOA was found, until re-placed.
            migrationBuilder.Sql("UPDATE volunteers SET lsoa11method = CASE WHEN lsoa_exact THEN 'exact' ELSE 'approximate' END WHERE lsoa11code IS NOT NULL");
            migrationBuilder.DropColumn(
                name: "lsoa_exact",
                table: "volunteers");

            migrationBuilder.CreateTable(
                name: "reference_editions",
                columns: table => new
                {
                    table = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    edition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reference_editions", x => x.table);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reference_editions");

            migrationBuilder.DropColumn(
                name: "area_edition",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "icb_code",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "imd2025decile",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "lsoa11method",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "lsoa21code",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "lsoa21method",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "icb_code",
                table: "postcode_areas");

            migrationBuilder.DropColumn(
                name: "imd2025decile",
                table: "postcode_areas");

            migrationBuilder.DropColumn(
                name: "lsoa11method",
                table: "postcode_areas");

            migrationBuilder.DropColumn(
                name: "lsoa21code",
                table: "postcode_areas");

            migrationBuilder.DropColumn(
                name: "lsoa21method",
                table: "postcode_areas");

            migrationBuilder.RenameColumn(
                name: "imd2019decile",
                table: "postcode_areas",
                newName: "imd_decile");

            migrationBuilder.AddColumn<bool>(
                name: "lsoa_exact",
                table: "volunteers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "exact",
                table: "postcode_areas",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}

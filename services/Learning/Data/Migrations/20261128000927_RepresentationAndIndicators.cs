using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MhAll.Learning.Data.Migrations
{
    /// <inheritdoc />
    public partial class RepresentationAndIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "imd_decile",
                table: "registered_volunteers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "local_authority_code",
                table: "registered_volunteers",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sex",
                table: "registered_volunteers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "indicator_signals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_id = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    period = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    rule = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicator_signals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "local_authorities",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    icb_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    icb_name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_local_authorities", x => new { x.code, x.effective_from });
                });

            migrationBuilder.CreateTable(
                name: "population_baselines",
                columns: table => new
                {
                    edition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    dimension = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    residents = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_population_baselines", x => new { x.edition, x.dimension, x.area_code, x.group });
                });

            migrationBuilder.CreateTable(
                name: "raw_count_audits",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    query = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_raw_count_audits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "registration_counts",
                columns: table => new
                {
                    dimension = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    shard = table.Column<short>(type: "smallint", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registration_counts", x => new { x.dimension, x.area_code, x.group, x.shard });
                });

            migrationBuilder.CreateIndex(
                name: "ix_indicator_signals_indicator_id_period_period_start_rule",
                table: "indicator_signals",
                columns: new[] { "indicator_id", "period", "period_start", "rule" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "indicator_signals");

            migrationBuilder.DropTable(
                name: "local_authorities");

            migrationBuilder.DropTable(
                name: "population_baselines");

            migrationBuilder.DropTable(
                name: "raw_count_audits");

            migrationBuilder.DropTable(
                name: "registration_counts");

            migrationBuilder.DropColumn(
                name: "imd_decile",
                table: "registered_volunteers");

            migrationBuilder.DropColumn(
                name: "local_authority_code",
                table: "registered_volunteers");

            migrationBuilder.DropColumn(
                name: "sex",
                table: "registered_volunteers");
        }
    }
}

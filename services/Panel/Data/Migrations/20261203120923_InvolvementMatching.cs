using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvolvementMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "matching_seed",
                table: "involvement_requests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "matching_started_at",
                table: "involvement_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "matching_started_by",
                table: "involvement_requests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decline_reason",
                table: "involvement_offers",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "reasons",
                table: "involvement_offers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'"); // offers made before reasons were kept
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "matching_seed",
                table: "involvement_requests");

            migrationBuilder.DropColumn(
                name: "matching_started_at",
                table: "involvement_requests");

            migrationBuilder.DropColumn(
                name: "matching_started_by",
                table: "involvement_requests");

            migrationBuilder.DropColumn(
                name: "decline_reason",
                table: "involvement_offers");

            migrationBuilder.DropColumn(
                name: "reasons",
                table: "involvement_offers");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class MentoringEndsAndSessionCancellation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "mentoring_relationships",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ended_at",
                table: "mentoring_relationships",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ended_by",
                table: "mentoring_relationships",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "enrolments",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<string>(
                name: "cancellation_reason",
                table: "course_sessions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cancelled_at",
                table: "course_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cancelled_by",
                table: "course_sessions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "mentoring_relationships");

            migrationBuilder.DropColumn(
                name: "ended_at",
                table: "mentoring_relationships");

            migrationBuilder.DropColumn(
                name: "ended_by",
                table: "mentoring_relationships");

            migrationBuilder.DropColumn(
                name: "cancellation_reason",
                table: "course_sessions");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "course_sessions");

            migrationBuilder.DropColumn(
                name: "cancelled_by",
                table: "course_sessions");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "enrolments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(30)",
                oldMaxLength: 30);
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MhAll.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class PanelPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "involvement_attendance",
                columns: table => new
                {
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_date = table.Column<DateOnly>(type: "date", nullable: false),
                    attendance_minutes = table.Column<int>(type: "integer", nullable: false),
                    preparation_minutes = table.Column<int>(type: "integer", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    confirmed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_involvement_attendance", x => x.offer_id);
                    table.ForeignKey(
                        name: "fk_involvement_attendance_involvement_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "involvement_offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_rates",
                columns: table => new
                {
                    category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    amount_pence = table.Column<long>(type: "bigint", nullable: false),
                    unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    added_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_rates", x => new { x.category, x.effective_from });
                });

            migrationBuilder.CreateTable(
                name: "payment_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    run_date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    lines = table.Column<int>(type: "integer", nullable: false),
                    total_pence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payment_claims",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_date = table.Column<DateOnly>(type: "date", nullable: false),
                    rate_category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    rate_effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    rate_amount_pence = table.Column<long>(type: "bigint", nullable: false),
                    rate_unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attendance_minutes = table.Column<int>(type: "integer", nullable: false),
                    preparation_minutes = table.Column<int>(type: "integer", nullable: false),
                    miles = table.Column<int>(type: "integer", nullable: false),
                    mileage_pence_per_mile = table.Column<long>(type: "bigint", nullable: false),
                    travel_receipts_pence = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    data_allowance_pence = table.Column<long>(type: "bigint", nullable: false),
                    carer_costs_pence = table.Column<long>(type: "bigint", nullable: false),
                    in_work_time = table.Column<bool>(type: "boolean", nullable: false),
                    fee_pence = table.Column<long>(type: "bigint", nullable: false),
                    fee_method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    expenses_pence = table.Column<long>(type: "bigint", nullable: false),
                    no_fee_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    lines = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    payment_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_claims_involvement_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "involvement_offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payment_claims_panel_members_member_id",
                        column: x => x.member_id,
                        principalTable: "panel_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payment_claims_payment_runs_payment_run_id",
                        column: x => x.payment_run_id,
                        principalTable: "payment_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    claim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payee_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payee_reference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    activity_date = table.Column<DateOnly>(type: "date", nullable: false),
                    fee_pence = table.Column<long>(type: "bigint", nullable: false),
                    fee_method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    expenses_pence = table.Column<long>(type: "bigint", nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.claim_id);
                    table.ForeignKey(
                        name: "fk_payments_payment_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "payment_claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payments_payment_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "payment_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "payment_rates",
                columns: new[] { "category", "effective_from", "added_at", "added_by", "amount_pence", "unit" },
                values: new object[,]
                {
                    { "hourly", new DateOnly(2022, 8, 31), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 2500L, "per-hour" },
                    { "hourly", new DateOnly(2025, 12, 16), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 2750L, "per-hour" },
                    { "meeting", new DateOnly(2022, 8, 31), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 7500L, "per-half-day" },
                    { "meeting", new DateOnly(2025, 12, 16), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 8250L, "per-half-day" },
                    { "senior-role-day", new DateOnly(2022, 8, 31), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 45000L, "per-activity" },
                    { "senior-role-day", new DateOnly(2025, 12, 16), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 49500L, "per-activity" },
                    { "short-task", new DateOnly(2022, 8, 31), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1250L, "per-activity" },
                    { "short-task", new DateOnly(2025, 12, 16), new DateTimeOffset(new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1380L, "per-activity" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_attendance_member_id",
                table: "involvement_attendance",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_claims_member_id_submitted_at",
                table: "payment_claims",
                columns: new[] { "member_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_claims_offer_id",
                table: "payment_claims",
                column: "offer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_claims_payment_run_id",
                table: "payment_claims",
                column: "payment_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_claims_rate_category_activity_date",
                table: "payment_claims",
                columns: new[] { "rate_category", "activity_date" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_claims_status_approved_on",
                table: "payment_claims",
                columns: new[] { "status", "approved_on" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_runs_idempotency_key",
                table: "payment_runs",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_member_id_paid_on",
                table: "payments",
                columns: new[] { "member_id", "paid_on" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_run_id",
                table: "payments",
                column: "run_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "involvement_attendance");

            migrationBuilder.DropTable(
                name: "payment_rates");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "payment_claims");

            migrationBuilder.DropTable(
                name: "payment_runs");
        }
    }
}

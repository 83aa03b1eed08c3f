using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class PanelFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "involvement_feedback",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    answer_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    previous_answers = table.Column<List<string>>(type: "text[]", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_involvement_feedback", x => x.id);
                    table.ForeignKey(
                        name: "fk_involvement_feedback_involvement_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "involvement_offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_involvement_feedback_involvement_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "involvement_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_involvement_feedback_panel_members_member_id",
                        column: x => x.member_id,
                        principalTable: "panel_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_feedback_answered_at_given_at",
                table: "involvement_feedback",
                columns: new[] { "answered_at", "given_at" });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_feedback_member_id_given_at",
                table: "involvement_feedback",
                columns: new[] { "member_id", "given_at" });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_feedback_offer_id",
                table: "involvement_feedback",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_involvement_feedback_request_id_given_at",
                table: "involvement_feedback",
                columns: new[] { "request_id", "given_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "involvement_feedback");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MhAll.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvolvementOffers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "involvement_offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    made_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_involvement_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_involvement_offers_involvement_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "involvement_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_involvement_offers_panel_members_member_id",
                        column: x => x.member_id,
                        principalTable: "panel_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_offers_member_id_status",
                table: "involvement_offers",
                columns: new[] { "member_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_involvement_offers_request_id_member_id",
                table: "involvement_offers",
                columns: new[] { "request_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_involvement_offers_status_expires_at",
                table: "involvement_offers",
                columns: new[] { "status", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "involvement_offers");
        }
    }
}

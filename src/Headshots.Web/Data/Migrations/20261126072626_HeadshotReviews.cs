using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class HeadshotReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReviewOutcome",
                table: "Headshots",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewReason",
                table: "Headshots",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "Headshots",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Headshots",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewerName",
                table: "Headshots",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Headshots_PendingReview",
                table: "Headshots",
                column: "CreatedAt",
                filter: "\"ReviewOutcome\" IS NULL AND (\"Verdict\" = 'Review' OR \"AppealRequestedAt\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_Headshots_ReviewedById",
                table: "Headshots",
                column: "ReviewedById");

            migrationBuilder.AddForeignKey(
                name: "FK_Headshots_AspNetUsers_ReviewedById",
                table: "Headshots",
                column: "ReviewedById",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Headshots_AspNetUsers_ReviewedById",
                table: "Headshots");

            migrationBuilder.DropIndex(
                name: "IX_Headshots_PendingReview",
                table: "Headshots");

            migrationBuilder.DropIndex(
                name: "IX_Headshots_ReviewedById",
                table: "Headshots");

            migrationBuilder.DropColumn(
                name: "ReviewOutcome",
                table: "Headshots");

            migrationBuilder.DropColumn(
                name: "ReviewReason",
                table: "Headshots");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "Headshots");

            migrationBuilder.DropColumn(
                name: "ReviewedById",
                table: "Headshots");

            migrationBuilder.DropColumn(
                name: "ReviewerName",
                table: "Headshots");
        }
    }
}

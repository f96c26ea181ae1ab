using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShareLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShareLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AllowBeforeAfter = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShareLinks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedCandidates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecruiterId = table.Column<string>(type: "text", nullable: false),
                    ShareLinkId = table.Column<Guid>(type: "uuid", nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedCandidates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedCandidates_AspNetUsers_RecruiterId",
                        column: x => x.RecruiterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SavedCandidates_ShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "ShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ShareLinkHeadshots",
                columns: table => new
                {
                    ShareLinkId = table.Column<Guid>(type: "uuid", nullable: false),
                    HeadshotId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareLinkHeadshots", x => new { x.ShareLinkId, x.HeadshotId });
                    table.ForeignKey(
                        name: "FK_ShareLinkHeadshots_Headshots_HeadshotId",
                        column: x => x.HeadshotId,
                        principalTable: "Headshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ShareLinkHeadshots_ShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "ShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ShareLinkViews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShareLinkId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareLinkViews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShareLinkViews_ShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "ShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HeadshotContents_JpegSha256",
                table: "HeadshotContents",
                column: "JpegSha256");

            migrationBuilder.CreateIndex(
                name: "IX_HeadshotContents_PngSha256",
                table: "HeadshotContents",
                column: "PngSha256");

            migrationBuilder.CreateIndex(
                name: "IX_SavedCandidates_RecruiterId_ShareLinkId",
                table: "SavedCandidates",
                columns: new[] { "RecruiterId", "ShareLinkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SavedCandidates_ShareLinkId",
                table: "SavedCandidates",
                column: "ShareLinkId");

            migrationBuilder.CreateIndex(
                name: "IX_ShareLinkHeadshots_HeadshotId",
                table: "ShareLinkHeadshots",
                column: "HeadshotId");

            migrationBuilder.CreateIndex(
                name: "IX_ShareLinkViews_ShareLinkId_At",
                table: "ShareLinkViews",
                columns: new[] { "ShareLinkId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ShareLinks_TokenHash",
                table: "ShareLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShareLinks_UserId_CreatedAt",
                table: "ShareLinks",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SavedCandidates");

            migrationBuilder.DropTable(
                name: "ShareLinkHeadshots");

            migrationBuilder.DropTable(
                name: "ShareLinkViews");

            migrationBuilder.DropTable(
                name: "ShareLinks");

            migrationBuilder.DropIndex(
                name: "IX_HeadshotContents_JpegSha256",
                table: "HeadshotContents");

            migrationBuilder.DropIndex(
                name: "IX_HeadshotContents_PngSha256",
                table: "HeadshotContents");
        }
    }
}

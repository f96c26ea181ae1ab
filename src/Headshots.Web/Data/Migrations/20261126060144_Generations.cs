using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Generations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Generations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SourcePhotoId = table.Column<Guid>(type: "uuid", nullable: true),
                    Styles = table.Column<List<string>>(type: "text[]", nullable: false),
                    Intensity = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: true),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "text", nullable: true),
                    GateSettings = table.Column<string>(type: "jsonb", nullable: true),
                    Models = table.Column<string>(type: "jsonb", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Generations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Generations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Generations_Photos_SourcePhotoId",
                        column: x => x.SourcePhotoId,
                        principalTable: "Photos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Headshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GenerationId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Style = table.Column<string>(type: "text", nullable: false),
                    Intensity = table.Column<string>(type: "text", nullable: false),
                    Verdict = table.Column<string>(type: "text", nullable: false),
                    Score = table.Column<float>(type: "real", nullable: true),
                    ScoreToSource = table.Column<float>(type: "real", nullable: true),
                    BaselineLow = table.Column<float>(type: "real", nullable: true),
                    BaselineHigh = table.Column<float>(type: "real", nullable: true),
                    Reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    Evidence = table.Column<string>(type: "jsonb", nullable: false),
                    Edits = table.Column<List<string>>(type: "text[]", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppealRequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Headshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Headshots_Generations_GenerationId",
                        column: x => x.GenerationId,
                        principalTable: "Generations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HeadshotContents",
                columns: table => new
                {
                    HeadshotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Jpeg = table.Column<byte[]>(type: "bytea", nullable: false),
                    Png = table.Column<byte[]>(type: "bytea", nullable: false),
                    JpegSha256 = table.Column<string>(type: "text", nullable: false),
                    PngSha256 = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeadshotContents", x => x.HeadshotId);
                    table.ForeignKey(
                        name: "FK_HeadshotContents_Headshots_HeadshotId",
                        column: x => x.HeadshotId,
                        principalTable: "Headshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Generations_SourcePhotoId",
                table: "Generations",
                column: "SourcePhotoId");

            migrationBuilder.CreateIndex(
                name: "IX_Generations_Status_CreatedAt",
                table: "Generations",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Generations_UserId_CreatedAt",
                table: "Generations",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Headshots_GenerationId_Style",
                table: "Headshots",
                columns: new[] { "GenerationId", "Style" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Headshots_UserId",
                table: "Headshots",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeadshotContents");

            migrationBuilder.DropTable(
                name: "Headshots");

            migrationBuilder.DropTable(
                name: "Generations");
        }
    }
}

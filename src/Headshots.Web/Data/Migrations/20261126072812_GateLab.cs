using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class GateLab : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GateSettingsVersion",
                table: "Generations",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CalibrationRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    CreatedByEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Upload = table.Column<byte[]>(type: "bytea", nullable: true),
                    AcceptAt = table.Column<float>(type: "real", nullable: false),
                    ReviewFrom = table.Column<float>(type: "real", nullable: false),
                    SettingsLabel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Images = table.Column<int>(type: "integer", nullable: false),
                    ImagesDone = table.Column<int>(type: "integer", nullable: false),
                    Pairs = table.Column<int>(type: "integer", nullable: false),
                    Result = table.Column<string>(type: "jsonb", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalibrationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GateSettingsVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Thresholds = table.Column<string>(type: "jsonb", nullable: false),
                    PhotoQuality = table.Column<string>(type: "jsonb", nullable: false),
                    ConsistencyMinSimilarity = table.Column<float>(type: "real", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    CreatedByEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Changes = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateSettingsVersions", x => x.Version);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CalibrationRuns_CreatedAt",
                table: "CalibrationRuns",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalibrationRuns");

            migrationBuilder.DropTable(
                name: "GateSettingsVersions");

            migrationBuilder.DropColumn(
                name: "GateSettingsVersion",
                table: "Generations");
        }
    }
}

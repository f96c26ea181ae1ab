using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class GateSettingsIdentityScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before this column are thresholds for the fr_feature-only score (scale 1); the app replaces them
            // with a new version on first use (GateSettingsStore).
            migrationBuilder.AddColumn<int>(
                name: "IdentityScale",
                table: "GateSettingsVersions",
                type: "integer",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IdentityScale",
                table: "GateSettingsVersions");
        }
    }
}

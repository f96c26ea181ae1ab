using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PhotoGateSettingsVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GateSettingsVersion",
                table: "Photos",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GateSettingsVersion",
                table: "Photos");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Headshots.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PhotoEmbeddingVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Photos stored before this column were embedded by pipeline version 1 (68-point alignment); they are
            // recomputed from their stored JPEG the next time they are compared (PhotoEmbeddings).
            migrationBuilder.AddColumn<int>(
                name: "EmbeddingVersion",
                table: "Photos",
                type: "integer",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EmbeddingVersion",
                table: "Photos");
        }
    }
}

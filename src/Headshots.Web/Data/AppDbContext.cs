using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Keys for cookies and antiforgery tokens, shared by every web and worker instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Photo> Photos => Set<Photo>();

    public DbSet<PhotoContent> PhotoContents => Set<PhotoContent>();

    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();

    public DbSet<DeletionReceipt> DeletionReceipts => Set<DeletionReceipt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
        });
        builder.Entity<Photo>(photo =>
        {
            photo.HasIndex(p => new { p.UserId, p.UploadedAt });
            photo.Property(p => p.DisplayName).HasMaxLength(120);
            // A camera's clock has no time zone: keep exactly what the EXIF says.
            photo.Property(p => p.CapturedAt).HasColumnType("timestamp without time zone");
            photo.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            photo.HasOne(p => p.Content).WithOne().HasForeignKey<PhotoContent>(c => c.PhotoId).OnDelete(DeleteBehavior.Cascade);
            photo.Ignore(p => p.IsReference);
        });
        builder.Entity<PhotoContent>(content => content.HasKey(c => c.PhotoId));
        builder.Entity<ConsentRecord>(consent =>
        {
            consent.HasIndex(c => c.UserId);
            consent.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DeletionReceipt>(receipt => receipt.HasIndex(r => r.UserId));
    }
}

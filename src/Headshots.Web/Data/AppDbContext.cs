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

    public DbSet<Generation> Generations => Set<Generation>();

    public DbSet<Headshot> Headshots => Set<Headshot>();

    public DbSet<HeadshotContent> HeadshotContents => Set<HeadshotContent>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();

    public DbSet<ShareLinkHeadshot> ShareLinkHeadshots => Set<ShareLinkHeadshot>();

    public DbSet<ShareLinkView> ShareLinkViews => Set<ShareLinkView>();

    public DbSet<SavedCandidate> SavedCandidates => Set<SavedCandidate>();

    public DbSet<GateSettingsVersion> GateSettingsVersions => Set<GateSettingsVersion>();

    public DbSet<CalibrationRun> CalibrationRuns => Set<CalibrationRun>();

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
        builder.Entity<Generation>(generation =>
        {
            generation.HasIndex(g => new { g.UserId, g.CreatedAt });
            generation.HasIndex(g => new { g.Status, g.CreatedAt });
            generation.Property(g => g.Status).HasConversion<string>().HasMaxLength(32);
            generation.Property(g => g.GateSettings).HasColumnType("jsonb");
            generation.Property(g => g.Models).HasColumnType("jsonb");
            generation.HasOne<AppUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
            generation.HasOne<Photo>().WithMany().HasForeignKey(g => g.SourcePhotoId).OnDelete(DeleteBehavior.SetNull);
            generation.HasMany(g => g.Headshots).WithOne().HasForeignKey(h => h.GenerationId).OnDelete(DeleteBehavior.Cascade);
            generation.Ignore(g => g.IsFinished);
        });
        builder.Entity<Headshot>(headshot =>
        {
            // A job resumed after a crash must not add a second headshot for the same style.
            headshot.HasIndex(h => new { h.GenerationId, h.Style }).IsUnique();
            headshot.HasIndex(h => h.UserId);
            headshot.Property(h => h.Evidence).HasColumnType("jsonb");
            headshot.HasOne(h => h.Content).WithOne().HasForeignKey<HeadshotContent>(c => c.HeadshotId).OnDelete(DeleteBehavior.Cascade);
            headshot.Ignore(h => h.IsApproved);
            // The admin review queue counts and lists the outputs waiting for a person (HeadshotReviews.IsPending).
            headshot.HasIndex(h => h.CreatedAt, "IX_Headshots_PendingReview")
                .HasFilter("\"ReviewOutcome\" IS NULL AND (\"Verdict\" = 'Review' OR \"AppealRequestedAt\" IS NOT NULL)");
            headshot.Property(h => h.ReviewOutcome).HasConversion<string>().HasMaxLength(16);
            headshot.Property(h => h.ReviewReason).HasMaxLength(Headshot.ReviewReasonMaxLength);
            headshot.Property(h => h.ReviewerName).HasMaxLength(100);
            headshot.HasOne<AppUser>().WithMany().HasForeignKey(h => h.ReviewedById).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<HeadshotContent>(content => content.HasKey(c => c.HeadshotId));
        // Gate lab: versioned gate settings and calibration runs.
        builder.Entity<GateSettingsVersion>(settings =>
        {
            settings.HasKey(s => s.Version);
            settings.Property(s => s.Version).ValueGeneratedNever();
            settings.Property(s => s.Thresholds).HasColumnType("jsonb");
            settings.Property(s => s.PhotoQuality).HasColumnType("jsonb");
            settings.Property(s => s.Changes).HasColumnType("jsonb");
            settings.Property(s => s.Reason).HasMaxLength(1000);
            settings.Property(s => s.CreatedByEmail).HasMaxLength(256);
        });
        builder.Entity<CalibrationRun>(run =>
        {
            run.HasIndex(r => r.CreatedAt);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
            run.Property(r => r.Result).HasColumnType("jsonb");
            run.Property(r => r.FileName).HasMaxLength(255);
            run.Property(r => r.SettingsLabel).HasMaxLength(100);
            run.Property(r => r.CreatedByEmail).HasMaxLength(256);
        });
        builder.Entity<AuditEntry>(entry =>
        {
            // Ids are the chain positions, assigned under the chain lock: never generated by the database.
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.HasIndex(e => new { e.Kind, e.At });
            entry.HasIndex(e => e.At);
            entry.Property(e => e.Kind).HasMaxLength(64);
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
        });
        ConfigureSharing(builder);
    }

    /// <summary>Share links and recruiters' saved candidates: everything cascades from the account, the link and the headshot.</summary>
    private static void ConfigureSharing(ModelBuilder builder)
    {
        builder.Entity<ShareLink>(link =>
        {
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => new { l.UserId, l.CreatedAt });
            link.Property(l => l.TokenHash).HasMaxLength(32);
            link.Property(l => l.DisplayName).HasMaxLength(100);
            link.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            link.HasMany(l => l.Headshots).WithOne().HasForeignKey(h => h.ShareLinkId).OnDelete(DeleteBehavior.Cascade);
            link.HasMany(l => l.Views).WithOne().HasForeignKey(v => v.ShareLinkId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ShareLinkHeadshot>(item =>
        {
            item.HasKey(i => new { i.ShareLinkId, i.HeadshotId });
            item.HasIndex(i => i.HeadshotId);
            item.HasOne<Headshot>().WithMany().HasForeignKey(i => i.HeadshotId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ShareLinkView>(view => view.HasIndex(v => new { v.ShareLinkId, v.At }));
        builder.Entity<SavedCandidate>(saved =>
        {
            saved.HasIndex(s => new { s.RecruiterId, s.ShareLinkId }).IsUnique();
            saved.HasOne<AppUser>().WithMany().HasForeignKey(s => s.RecruiterId).OnDelete(DeleteBehavior.Cascade);
            saved.HasOne(s => s.ShareLink).WithMany().HasForeignKey(s => s.ShareLinkId).OnDelete(DeleteBehavior.Cascade);
        });
        // Recruiter/Verify finds a headshot by the hash of an uploaded file.
        builder.Entity<HeadshotContent>(content =>
        {
            content.HasIndex(c => c.JpegSha256);
            content.HasIndex(c => c.PngSha256);
        });
    }
}

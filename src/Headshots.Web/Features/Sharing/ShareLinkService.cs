using System.Globalization;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Features.Sharing;

public enum ShareLinkState
{
    Active,
    Expired,
    Revoked,

    /// <summary>Every headshot it showed was deleted (or is no longer approved).</summary>
    Empty,
}

/// <summary>A new link and its token, which is shown to the owner this once and never stored.</summary>
public sealed record CreatedShareLink(ShareLink Link, string Token);

/// <summary>Creating, revoking and opening share links. Every query scopes by owner or by link, never by a bare headshot id.</summary>
public sealed class ShareLinkService(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<ShareLinkOptions> options)
{
    public const int DisplayNameMaxLength = 100;

    public ShareLinkOptions Options => options.Value;

    /// <summary>The owner's approved headshots, newest first: the ones a link may show.</summary>
    public Task<List<Headshot>> ShareableHeadshotsAsync(string userId, CancellationToken cancellationToken) =>
        db.Headshots.AsNoTracking()
            .Where(h => h.UserId == userId && h.Width > 0)
            .Where(Headshot.IsApprovedHeadshot)
            .OrderByDescending(h => h.CreatedAt)
            .ToListAsync(cancellationToken);

    public async Task<(CreatedShareLink? Created, string? Problem)> CreateAsync(string userId, IReadOnlyCollection<Guid> headshotIds,
        string? displayName, int? lifetimeDays, bool allowBeforeAfter, CancellationToken cancellationToken)
    {
        var chosen = headshotIds.Distinct().ToList();
        if (chosen.Count == 0)
        {
            return (null, "Choose at least one headshot to share.");
        }

        if (chosen.Count > Options.MaxHeadshotsPerLink)
        {
            return (null, $"A link can show at most {Options.MaxHeadshotsPerLink} headshots.");
        }

        displayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        if (displayName is { Length: > DisplayNameMaxLength })
        {
            return (null, $"The name can be at most {DisplayNameMaxLength} characters long.");
        }

        var lifetime = lifetimeDays is { } days ? TimeSpan.FromDays(days) : Options.DefaultLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > Options.MaxLifetime)
        {
            return (null, $"A link can be valid for 1 to {MaxLifetimeDays} days.");
        }

        var shareable = (await ShareableHeadshotsAsync(userId, cancellationToken)).Select(h => h.Id).ToHashSet();
        if (!chosen.All(shareable.Contains))
        {
            // Someone else's headshot, one the gate held back, or one deleted meanwhile: all look the same from here.
            return (null, "Only your own approved headshots can be shared. Reload the page and choose again.");
        }

        var token = ShareTokens.Create();
        var now = clock.GetUtcNow();
        var link = new ShareLink
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            TokenHash = ShareTokens.TryHash(token)!,
            DisplayName = displayName,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            AllowBeforeAfter = allowBeforeAfter,
            Headshots = [.. chosen.Select(id => new ShareLinkHeadshot { HeadshotId = id })],
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditEvents.ShareLinkCreated,
            $"Share link for {Wording.Plural(chosen.Count, "headshot")}, valid until {link.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}" +
            (allowBeforeAfter ? ", before/after allowed" : ""),
            Subject(link.Id), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new CreatedShareLink(link, token), null);
    }

    public int MaxLifetimeDays => (int)Math.Floor(Options.MaxLifetime.TotalDays);

    public int DefaultLifetimeDays => Math.Max(1, (int)Math.Round(Options.DefaultLifetime.TotalDays));

    /// <summary>Revokes the owner's link; false when there is no such link of theirs (or it was already revoked).</summary>
    public async Task<bool> RevokeAsync(string userId, Guid linkId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revoked = await db.ShareLinks
            .Where(l => l.Id == linkId && l.UserId == userId && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            return false;
        }

        await audit.RecordAsync(AuditEvents.ShareLinkRevoked, "Share link revoked by its owner", Subject(linkId), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The link a token opens, or null for a token that is malformed or unknown.</summary>
    public async Task<ShareLink?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = ShareTokens.TryHash(token);
        return hash is null ? null : await db.ShareLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
    }

    public ShareLinkState StateOf(ShareLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.RevokedAt is not null ? ShareLinkState.Revoked
            : link.ExpiresAt <= clock.GetUtcNow() ? ShareLinkState.Expired
            : ShareLinkState.Active;
    }

    /// <summary>The headshots a link still shows: its own, still the owner's, still approved.</summary>
    public Task<List<Headshot>> HeadshotsOfAsync(ShareLink link, CancellationToken cancellationToken) =>
        ShownBy(link).OrderBy(h => h.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The first headshot a link still shows (its thumbnail), or null when it shows none; reads ids only.</summary>
    public Task<Guid?> FirstShownIdAsync(ShareLink link, CancellationToken cancellationToken) =>
        ShownBy(link).OrderBy(h => h.CreatedAt).Select(h => (Guid?)h.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Opens a link: its state and, when it is active and shows something, its card.</summary>
    public async Task<(ShareLinkState State, ShareCard? Card)> OpenAsync(ShareLink link, CancellationToken cancellationToken)
    {
        var state = StateOf(link);
        if (state != ShareLinkState.Active)
        {
            return (state, null);
        }

        var headshots = await HeadshotsOfAsync(link, cancellationToken);
        if (headshots.Count == 0)
        {
            return (ShareLinkState.Empty, null);
        }

        var recency = await SourceRecencyAsync(link.UserId, headshots.Max(h => h.CreatedAt), cancellationToken);
        var offersBeforeAfter = link.AllowBeforeAfter && await SourcePhotoIdAsync(link, headshots, cancellationToken) is not null;
        return (ShareLinkState.Active, new ShareCard(link.DisplayName, [.. headshots.Select(HeadshotCard.From)], recency, offersBeforeAfter));
    }

    /// <summary>Counts a view (its time only) and records it in the audit log.</summary>
    public async Task RecordViewAsync(ShareLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ShareLinkViews.Add(new ShareLinkView { ShareLinkId = link.Id, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        // As a visitor, even when a signed-in recruiter opens it: the owner is promised that only the time is kept.
        await audit.RecordAsync(AuditEvents.ShareLinkViewed, "Share link opened", Subject(link.Id), AuditActor.Visitor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A headshot's JPEG through an active link that shows it; null otherwise.</summary>
    public async Task<byte[]?> ImageAsync(ShareLink link, Guid headshotId, CancellationToken cancellationToken)
    {
        if (StateOf(link) != ShareLinkState.Active || !await ShownBy(link).AnyAsync(h => h.Id == headshotId, cancellationToken))
        {
            return null;
        }

        return await db.HeadshotContents.AsNoTracking().Where(c => c.HeadshotId == headshotId).Select(c => c.Jpeg).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The one source photo of an active link whose owner allowed a before/after comparison; null otherwise.</summary>
    public async Task<byte[]?> SourceImageAsync(ShareLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.AllowBeforeAfter || StateOf(link) != ShareLinkState.Active)
        {
            return null;
        }

        var photoId = await SourcePhotoIdAsync(link, await HeadshotsOfAsync(link, cancellationToken), cancellationToken);
        return photoId is null
            ? null
            : await db.PhotoContents.AsNoTracking().Where(c => c.PhotoId == photoId).Select(c => c.Jpeg).SingleOrDefaultAsync(cancellationToken);
    }

    public static string Subject(Guid linkId) => $"share-link:{linkId}";

    private IQueryable<Headshot> ShownBy(ShareLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return db.Headshots.AsNoTracking()
            .Where(h => h.UserId == link.UserId && h.Width > 0 && db.ShareLinkHeadshots.Any(s => s.ShareLinkId == link.Id && s.HeadshotId == h.Id))
            .Where(Headshot.IsApprovedHeadshot);
    }

    /// <summary>The photo the link's first headshot was made from, if the owner still has it.</summary>
    private async Task<Guid?> SourcePhotoIdAsync(ShareLink link, List<Headshot> headshots, CancellationToken cancellationToken)
    {
        if (headshots.Count == 0)
        {
            return null;
        }

        var generationId = headshots[0].GenerationId;
        return await db.Generations.AsNoTracking()
            .Where(g => g.Id == generationId && g.UserId == link.UserId && g.SourcePhotoId != null)
            .Where(g => db.Photos.Any(p => p.Id == g.SourcePhotoId && p.UserId == link.UserId))
            .Select(g => g.SourcePhotoId)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>"Source photos taken within the last 3 months", from the reference photos the owner had when the headshots were made.</summary>
    private async Task<string> SourceRecencyAsync(string userId, DateTimeOffset newestHeadshot, CancellationToken cancellationToken)
    {
        var photos = await db.Photos.AsNoTracking()
            .Where(p => p.UserId == userId && p.UploadedAt <= newestHeadshot)
            .Where(Photo.IsReferencePhoto)
            .Select(p => new { p.CapturedAt, p.UploadedAt })
            .ToListAsync(cancellationToken);
        if (photos.Count == 0)
        {
            return "The person's source photos have since been deleted.";
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // A camera's clock has no time zone; a day's difference does not matter at the scale of months.
        var oldest = photos.Min(p => p.CapturedAt ?? p.UploadedAt.UtcDateTime);
        var months = Math.Max(1, (int)Math.Ceiling((now - oldest).TotalDays / 30.44));
        var taken = photos.All(p => p.CapturedAt is not null) ? "taken" : "taken or uploaded";
        return months <= 24
            ? $"Source photos {taken} within the last {Wording.Plural(months, "month")}."
            : $"Source photos {taken} up to {Wording.Plural(months / 12, "year")} ago.";
    }
}

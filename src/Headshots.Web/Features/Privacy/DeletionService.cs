using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Privacy;

/// <summary>
/// Real deletion: rows, image bytes and face embeddings go in one transaction, and a receipt says what went and when.
/// Bytes live in PostgreSQL (docs/decisions/photo-storage.md), so there are no files to forget.
/// </summary>
public sealed class DeletionService(AppDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider clock, ILogger<DeletionService> logger)
{
    public const string ByUser = "your request";
    public const string ByRetention = "the retention schedule";

    public async Task<DeletionReceipt?> DeletePhotoAsync(string userId, Guid photoId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Photos.Where(p => p.Id == photoId && p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return null;
        }

        var receipt = await WriteReceiptAsync(AuditEvents.PhotoDeleted, userId, ByUser, ["1 source photo and its face measurements"], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return receipt;
    }

    public async Task<DeletionReceipt?> DeleteGenerationAsync(string userId, Guid generationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var headshots = await db.Headshots.CountAsync(h => h.GenerationId == generationId && h.UserId == userId, cancellationToken);
        var deleted = await db.Generations.Where(g => g.Id == generationId && g.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return null;
        }

        var receipt = await WriteReceiptAsync(AuditEvents.GenerationDeleted, userId, ByUser, ["1 generation and " + Wording.Plural(headshots, "headshot") + " and their authenticity scores"], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return receipt;
    }

    /// <summary>Deletes photos older than <paramref name="cutoff"/> for every user; one receipt per user affected.</summary>
    public async Task<int> DeleteExpiredPhotosAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var due = await db.Photos.Where(p => p.UploadedAt < cutoff)
            .GroupBy(p => p.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var total = 0;
        foreach (var user in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var count = await db.Photos.Where(p => p.UserId == user.UserId && p.UploadedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            await WriteReceiptAsync(AuditEvents.RetentionDeleted, user.UserId, ByRetention, [Wording.Plural(count, "source photo") + " and their face measurements"], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += count;
        }

        return total;
    }

    public async Task<DeletionReceipt> DeleteAccountAsync(AppUser user, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var photos = await db.Photos.CountAsync(p => p.UserId == user.Id, cancellationToken);
        var headshots = await db.Headshots.CountAsync(h => h.UserId == user.Id, cancellationToken);
        var shareLinks = await db.ShareLinks.CountAsync(l => l.UserId == user.Id, cancellationToken);
        // Photos, their bytes and embeddings, generations, headshots, share links and consent records go with the account
        // (cascading foreign keys).
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Deleting the account failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        var receipt = await WriteReceiptAsync(AuditEvents.AccountDeleted, user.Id, ByUser,
        [
            "Your account, e-mail address and password",
            Wording.Plural(photos, "source photo") + " and their face measurements",
            Wording.Plural(headshots, "headshot") + " and their authenticity scores",
            Wording.Plural(shareLinks, "share link") + " and their view counts",
            "Your consent records",
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Account {UserId} deleted at the user's request", user.Id);
        return receipt;
    }

    /// <summary>Writes the user's receipt and the matching audit entry, inside the caller's transaction.</summary>
    private async Task<DeletionReceipt> WriteReceiptAsync(string auditKind, string userId, string reason, List<string> items, CancellationToken cancellationToken)
    {
        var receipt = new DeletionReceipt { Id = Guid.NewGuid(), UserId = userId, DeletedAt = clock.GetUtcNow(), Reason = reason, Items = items };
        db.DeletionReceipts.Add(receipt);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(auditKind, $"Deleted at {reason}: {string.Join("; ", items)} (receipt {receipt.Id})", $"user:{userId}",
            reason == ByRetention ? AuditActor.System : null, cancellationToken);
        return receipt;
    }
}

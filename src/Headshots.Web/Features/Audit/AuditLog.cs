using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Headshots.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Audit;

/// <summary>Who an audit entry is attributed to when it is not the signed-in user of the current request.</summary>
public sealed record AuditActor(string? Id, string? Name)
{
    public static AuditActor System { get; } = new(null, "system");

    /// <summary>Whoever opened a share link: never identified, even when signed in.</summary>
    public static AuditActor Visitor { get; } = new(null, "share-link visitor");
}

/// <summary>The result of walking the whole chain.</summary>
public sealed record AuditChainReport(long EntriesChecked, long? FirstBadEntryId, string? Problem)
{
    public bool IsIntact => FirstBadEntryId is null;
}

/// <summary>
/// Appends to the hash-chained audit log and verifies the chain. Appends are serialised by a PostgreSQL advisory lock,
/// so ids have no gaps and every entry links to the one before it even with several web and worker instances.
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock, IHttpContextAccessor httpContext)
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    // Any fixed number works; it only has to be the same in every instance. ASCII "HDSHAUDT".
    private const long ChainLockKey = 0x4844534841554454;

    /// <summary>
    /// Records an event, attributed to <paramref name="actor"/> or else to the signed-in user of the current request.
    /// Joins the caller's transaction when there is one, so the event commits (or not) with the change it describes.
    /// </summary>
    public async Task RecordAsync(string kind, string details, string? subject = null, AuditActor? actor = null,
        CancellationToken cancellationToken = default)
    {
        actor ??= CurrentActor();
        if (db.Database.CurrentTransaction is not null)
        {
            await AppendAsync(kind, details, subject, actor, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AppendAsync(kind, details, subject, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var expectedPrevious = Genesis;
        long expectedId = 1, checkedCount = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Id != expectedId)
            {
                return new(checkedCount, entry.Id, $"Entry {expectedId} is missing: the chain jumps from {expectedId - 1} to {entry.Id}.");
            }

            if (entry.PreviousHash != expectedPrevious)
            {
                return new(checkedCount, entry.Id, $"Entry {entry.Id} does not link to entry {entry.Id - 1}: an earlier entry was changed or replaced.");
            }

            if (ComputeHash(entry) != entry.Hash)
            {
                return new(checkedCount, entry.Id, $"Entry {entry.Id} was changed after it was written: its content no longer matches its hash.");
            }

            expectedPrevious = entry.Hash;
            expectedId++;
            checkedCount++;
        }

        return new(checkedCount, null, null);
    }

    /// <summary>SHA-256 over every field, each length-prefixed so no two different entries serialise alike.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     entry.Id.ToString(CultureInfo.InvariantCulture),
                     entry.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                     entry.Kind, entry.ActorId ?? "", entry.ActorName ?? "", entry.Subject ?? "", entry.Details, entry.PreviousHash,
                 })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task AppendAsync(string kind, string details, string? subject, AuditActor actor, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(cancellationToken);

        // PostgreSQL keeps microseconds: hash exactly what will be read back.
        var now = clock.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = (last?.Id ?? 0) + 1,
            At = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            Kind = kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Subject = subject,
            Details = details,
            PreviousHash = last?.Hash ?? Genesis,
            Hash = "",
        };
        entry.Hash = ComputeHash(entry);

        // Plain SQL rather than Add + SaveChanges: saving would also flush whatever the caller has pending.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEntries" ("Id", "At", "Kind", "ActorId", "ActorName", "Subject", "Details", "PreviousHash", "Hash")
            VALUES ({entry.Id}, {entry.At}, {entry.Kind}, {entry.ActorId}, {entry.ActorName}, {entry.Subject}, {entry.Details}, {entry.PreviousHash}, {entry.Hash})
            """, cancellationToken);
    }

    private AuditActor CurrentActor()
    {
        var user = httpContext.HttpContext?.User;
        return user?.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name)
            : new AuditActor(null, null);
    }
}

using System.Globalization;
using System.Text.Json;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Photos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Headshots.Web.Features.Gate;

/// <summary>What became of a save: the new version, or why nothing was saved.</summary>
public sealed record GateSettingsSaveResult(GateSettings? Saved, IReadOnlyList<string> Problems, bool Stale)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>
/// The gate settings in force and their history, in the database. Nothing is cached: every job and upload reads the
/// current version, so a save takes effect for the next one on every web and worker instance.
/// </summary>
public sealed class GateSettingsStore(
    AppDbContext db,
    AuditLog audit,
    IOptions<PhotoQualityOptions> photoQuality,
    IOptions<PhotoOptions> photos,
    TimeProvider clock)
{
    public const string InitialReason = "Initial settings: the code defaults (evidence in GateThresholds.cs, PhotoQualityOptions and docs/gate.md).";

    public const string RescaledReason =
        "The identity score now combines two face models (fr_feature and dlib), so identity thresholds set for the old score no longer mean the same: " +
        "they were replaced by this version's defaults (evidence in GateThresholds.cs and docs/gate.md). Every other setting is kept.";

    /// <summary>Version 1: the code defaults (the source-photo limits as configured, which default to the code's).</summary>
    public GateSettings Initial => new(1, GateThresholds.Default with { Version = 1 }, photoQuality.Value, photos.Value.ConsistencyMinSimilarity);

    /// <summary>The version in force; writes version 1 first when there is none yet.</summary>
    public async Task<GateSettings> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var row = await db.GateSettingsVersions.AsNoTracking().OrderByDescending(s => s.Version).FirstOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            return row.IdentityScale == FaceEmbedding.SimilarityScale ? ToSettings(row) : await RescaleAsync(row, cancellationToken);
        }

        await InsertBySystemAsync(Initial, InitialReason, [], cancellationToken);
        return await NewestAsync(cancellationToken);
    }

    /// <summary>
    /// Settings saved for an older identity score (an install upgraded to the fused score): writes the next version, by
    /// the system, with accept, review and consistency at this version's defaults and everything else kept, and an audit
    /// entry in the same transaction.
    /// </summary>
    private async Task<GateSettings> RescaleAsync(GateSettingsVersion row, CancellationToken cancellationToken)
    {
        var before = ToSettings(row);
        var version = row.Version + 1;
        var defaults = Initial;
        var after = before with
        {
            Version = version,
            Thresholds = before.Thresholds with { Version = version, AcceptAt = defaults.Thresholds.AcceptAt, ReviewFrom = defaults.Thresholds.ReviewFrom },
            ConsistencyMinSimilarity = defaults.ConsistencyMinSimilarity,
        };
        var changes = GateSettingFields.Diff(before, after);
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (ownTransaction)
        {
            if (await InsertBySystemAsync(after, RescaledReason, changes, cancellationToken))
            {
                await RecordChangeAsync(version, row.Version, changes, RescaledReason, AuditActor.System, cancellationToken);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
        }

        return await NewestAsync(cancellationToken);
    }

    /// <summary>
    /// Writes a version the system makes (the initial one, a rescale) unless that version number exists already. Plain SQL
    /// with ON CONFLICT: instances reading it for the first time at once write it once, and the caller's change tracker (an
    /// upload's, a job's) is not flushed. True when this call wrote it.
    /// </summary>
    private async Task<bool> InsertBySystemAsync(GateSettings settings, string reason, IReadOnlyList<GateSettingChange> changes, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "GateSettingsVersions" ("Version", "Thresholds", "PhotoQuality", "ConsistencyMinSimilarity", "IdentityScale", "CreatedAt", "CreatedById", "CreatedByEmail", "Reason", "Changes")
            VALUES ({settings.Version}, {Json(settings.Thresholds)}::jsonb, {Json(settings.PhotoQuality)}::jsonb, {settings.ConsistencyMinSimilarity}, {FaceEmbedding.SimilarityScale}, {clock.GetUtcNow()}, NULL, NULL, {reason}, {Json(changes)}::jsonb)
            ON CONFLICT ("Version") DO NOTHING
            """, cancellationToken) == 1;

    private async Task<GateSettings> NewestAsync(CancellationToken cancellationToken) =>
        ToSettings(await db.GateSettingsVersions.AsNoTracking().OrderByDescending(s => s.Version).FirstAsync(cancellationToken));

    private Task RecordChangeAsync(int version, int was, IReadOnlyList<GateSettingChange> changes, string reason, AuditActor actor, CancellationToken cancellationToken)
    {
        var details = $"Gate settings version {version.ToString(CultureInfo.InvariantCulture)} (was {was.ToString(CultureInfo.InvariantCulture)}): " +
                      string.Join("; ", changes.Select(c => $"{c.Field} {c.Old} → {c.New}")) + $". Reason: {reason}";
        return audit.RecordAsync(AuditEvents.GateSettingsChanged, details, $"gate-settings:{version.ToString(CultureInfo.InvariantCulture)}", actor, cancellationToken);
    }

    /// <summary>
    /// A past version (a resumed job keeps the one it started with), or null when there is no such version or its identity
    /// thresholds were set on another identity score than today's (a job started before an upgrade then takes the current
    /// version: old thresholds cannot judge new scores).
    /// </summary>
    public async Task<GateSettings?> GetAsync(int version, CancellationToken cancellationToken = default)
    {
        var row = await db.GateSettingsVersions.AsNoTracking().SingleOrDefaultAsync(s => s.Version == version, cancellationToken);
        return row is null || row.IdentityScale != FaceEmbedding.SimilarityScale ? null : ToSettings(row);
    }

    /// <summary>Every version, newest first.</summary>
    public async Task<IReadOnlyList<GateSettingsVersion>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        await CurrentAsync(cancellationToken);
        return await db.GateSettingsVersions.AsNoTracking().OrderByDescending(s => s.Version).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="proposed"/> as the version after <paramref name="baseVersion"/> — the version the admin's
    /// form was filled from — with the audit entry in the same transaction. Refused when invalid, when nothing changed,
    /// without a reason, or when someone else saved a version since the form was loaded (stale).
    /// </summary>
    public async Task<GateSettingsSaveResult> SaveAsync(GateSettings proposed, int baseVersion, string? reason, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(actor);
        var problems = GateSettingFields.Validate(proposed).ToList();
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            problems.Add("Give a reason for the change: it is kept in the history next to your name.");
        }
        else if (reason.Length > 1000)
        {
            problems.Add("Keep the reason under 1000 characters.");
        }

        var current = await CurrentAsync(cancellationToken);
        if (current.Version != baseVersion)
        {
            return Stale(current.Version, baseVersion);
        }

        var changes = GateSettingFields.Diff(current, proposed);
        if (problems.Count == 0 && changes.Count == 0)
        {
            problems.Add("Nothing changed: every value is the same as in version " + current.Version.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (problems.Count > 0)
        {
            return new GateSettingsSaveResult(null, problems, false);
        }

        var version = baseVersion + 1;
        var saved = proposed with { Version = version, Thresholds = proposed.Thresholds with { Version = version } };
        var row = new GateSettingsVersion
        {
            Version = version,
            Thresholds = Json(saved.Thresholds),
            PhotoQuality = Json(saved.PhotoQuality),
            ConsistencyMinSimilarity = saved.ConsistencyMinSimilarity,
            IdentityScale = FaceEmbedding.SimilarityScale,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor.Id,
            CreatedByEmail = actor.Name,
            Reason = reason!,
            Changes = JsonSerializer.Serialize(changes),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.GateSettingsVersions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another admin saved version N+1 between our read and our insert: the primary key lets only one win.
            db.Entry(row).State = EntityState.Detached;
            await transaction.RollbackAsync(cancellationToken);
            return Stale(version, baseVersion);
        }

        await RecordChangeAsync(version, baseVersion, changes, reason!, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new GateSettingsSaveResult(saved, [], false);
    }

    public static IReadOnlyList<GateSettingChange> ChangesOf(GateSettingsVersion row) =>
        JsonSerializer.Deserialize<List<GateSettingChange>>(row.Changes) ?? [];

    public static GateSettings ToSettings(GateSettingsVersion row) => new(
        row.Version,
        (JsonSerializer.Deserialize<GateThresholds>(row.Thresholds) ?? GateThresholds.Default) with { Version = row.Version },
        JsonSerializer.Deserialize<PhotoQualityOptions>(row.PhotoQuality) ?? new PhotoQualityOptions(),
        row.ConsistencyMinSimilarity);

    private static GateSettingsSaveResult Stale(int newest, int baseVersion) => new(null,
    [
        $"Someone else saved version {newest.ToString(CultureInfo.InvariantCulture)} while you were editing version {baseVersion.ToString(CultureInfo.InvariantCulture)}. " +
        "Nothing was saved. The form now shows the current settings: make your change again on top of them.",
    ], true);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}

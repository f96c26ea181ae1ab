using System.Globalization;
using System.Linq.Expressions;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Reviews;

/// <summary>The answer to a review decision; <see cref="Problem"/> is what the reviewer is told when it was not recorded.</summary>
public sealed record ReviewDecisionResult(bool Recorded, string? Problem, bool NotFound = false)
{
    public static ReviewDecisionResult Done { get; } = new(true, null);

    public static ReviewDecisionResult Refused(string problem) => new(false, problem);
}

/// <summary>One row of the admin queue: no image bytes, no embeddings.</summary>
public sealed record ReviewQueueItem(
    Guid HeadshotId,
    string Style,
    string Verdict,
    float? Score,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AppealRequestedAt,
    string OwnerName,
    ReviewOutcome? Outcome,
    DateTimeOffset? ReviewedAt,
    string? ReviewerName);

/// <summary>
/// Outputs a person has to look at: those the gate put in the review band and those their owner appealed. A reviewer
/// approves or rejects each once, with a reason; the gate's own verdict stays as it was (see
/// <see cref="Headshot.IsApprovedHeadshot"/> for what the owner then sees).
/// </summary>
public sealed class HeadshotReviews(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>In the queue at all (waiting or decided). The partial index in AppDbContext has the same condition.</summary>
    public static Expression<Func<Headshot, bool>> InQueue { get; } = h => h.Verdict == "Review" || h.AppealRequestedAt != null;

    /// <summary>Waiting for a decision: <see cref="InQueue"/>'s condition (kept alike by hand) and not yet decided.</summary>
    public static Expression<Func<Headshot, bool>> IsPending { get; } =
        h => (h.Verdict == "Review" || h.AppealRequestedAt != null) && h.ReviewOutcome == null;

    public Task<int> CountPendingAsync(CancellationToken cancellationToken) => db.Headshots.CountAsync(IsPending, cancellationToken);

    /// <summary>Pending items oldest first (the work to do); decided items most recently decided first (the record).</summary>
    public async Task<IReadOnlyList<ReviewQueueItem>> ListAsync(bool decided, CancellationToken cancellationToken)
    {
        // An output enters the queue when the gate sends it (created) or, for any other verdict, when its owner appeals.
        var query = decided
            ? db.Headshots.AsNoTracking().Where(InQueue).Where(h => h.ReviewOutcome != null).OrderByDescending(h => h.ReviewedAt).ThenBy(h => h.Id)
            : db.Headshots.AsNoTracking().Where(IsPending)
                .OrderBy(h => h.Verdict == "Review" ? (DateTimeOffset?)h.CreatedAt : h.AppealRequestedAt).ThenBy(h => h.Id);
        return await query
            .Select(h => new ReviewQueueItem(
                h.Id,
                h.Style,
                h.Verdict,
                h.Score,
                h.CreatedAt,
                h.AppealRequestedAt,
                db.Users.Where(u => u.Id == h.UserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                h.ReviewOutcome,
                h.ReviewedAt,
                h.ReviewerName))
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A queued headshot with its generation's source photo id (null when that photo was deleted).</summary>
    public async Task<(Headshot Headshot, Guid? SourcePhotoId, string OwnerName)?> FindAsync(Guid headshotId, CancellationToken cancellationToken)
    {
        var found = await db.Headshots.AsNoTracking().Where(InQueue).Where(h => h.Id == headshotId)
            .Select(h => new
            {
                Headshot = h,
                SourcePhotoId = db.Generations.Where(g => g.Id == h.GenerationId).Select(g => g.SourcePhotoId).FirstOrDefault(),
                OwnerName = db.Users.Where(u => u.Id == h.UserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Headshot, found.SourcePhotoId, found.OwnerName ?? "");
    }

    /// <summary>The output's JPEG, only for a headshot in the queue; null when there is none (every attempt rejected).</summary>
    public async Task<byte[]?> OutputJpegAsync(Guid headshotId, CancellationToken cancellationToken)
    {
        var jpeg = await db.HeadshotContents.AsNoTracking()
            .Where(c => c.HeadshotId == headshotId && db.Headshots.Where(InQueue).Any(h => h.Id == headshotId))
            .Select(c => c.Jpeg)
            .SingleOrDefaultAsync(cancellationToken);
        return jpeg is { Length: > 0 } ? jpeg : null;
    }

    /// <summary>The source photo a queued headshot was made from; null when it was deleted (or the headshot is not queued).</summary>
    public async Task<byte[]?> SourceJpegAsync(Guid headshotId, CancellationToken cancellationToken)
    {
        var sourcePhotoId = await db.Headshots.AsNoTracking().Where(InQueue).Where(h => h.Id == headshotId)
            .Select(h => db.Generations.Where(g => g.Id == h.GenerationId).Select(g => g.SourcePhotoId).FirstOrDefault())
            .FirstOrDefaultAsync(cancellationToken);
        return sourcePhotoId is { } id
            ? await db.PhotoContents.AsNoTracking().Where(c => c.PhotoId == id).Select(c => c.Jpeg).SingleOrDefaultAsync(cancellationToken)
            : null;
    }

    /// <summary>
    /// Records a decision once. The update is conditional on the headshot still waiting, so of two reviewers deciding at
    /// the same time exactly one wins and the other is told who was first; the audit entry commits with the update.
    /// </summary>
    public async Task<ReviewDecisionResult> DecideAsync(Guid headshotId, ReviewOutcome outcome, string? reason, AppUser reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return ReviewDecisionResult.Refused("Give a reason: the owner is shown it with your decision.");
        }

        if (reason.Length > Headshot.ReviewReasonMaxLength)
        {
            return ReviewDecisionResult.Refused($"Keep the reason under {Headshot.ReviewReasonMaxLength} characters (it has {reason.Length}).");
        }

        if (!Enum.IsDefined(outcome))
        {
            return ReviewDecisionResult.Refused("Choose approve or reject.");
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = db.Headshots.Where(h => h.Id == headshotId).Where(IsPending);
        if (outcome == ReviewOutcome.Approved)
        {
            // There is nothing to approve when every attempt was rejected and no image was kept.
            pending = pending.Where(h => h.Width > 0);
        }

        var updated = await pending.ExecuteUpdateAsync(s => s
            .SetProperty(h => h.ReviewOutcome, outcome)
            .SetProperty(h => h.ReviewReason, reason)
            .SetProperty(h => h.ReviewedAt, now)
            .SetProperty(h => h.ReviewedById, reviewer.Id)
            .SetProperty(h => h.ReviewerName, reviewer.DisplayName), cancellationToken);
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await WhyNotAsync(headshotId, cancellationToken);
        }

        var verb = outcome == ReviewOutcome.Approved ? "Approved" : "Rejected";
        await audit.RecordAsync(AuditEvents.ReviewDecided, $"{verb} the headshot. Reason: {reason}", $"headshot:{headshotId}", new AuditActor(reviewer.Id, reviewer.UserName), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReviewDecisionResult.Done;
    }

    private async Task<ReviewDecisionResult> WhyNotAsync(Guid headshotId, CancellationToken cancellationToken)
    {
        var current = await db.Headshots.AsNoTracking().Where(InQueue).Where(h => h.Id == headshotId)
            .Select(h => new { h.ReviewOutcome, h.ReviewerName, h.ReviewedAt, h.Width })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return new ReviewDecisionResult(false, "This headshot is not in the review queue (it may have been deleted by its owner).", NotFound: true);
        }

        if (current.ReviewOutcome is { } outcome)
        {
            var when = current.ReviewedAt?.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
            return ReviewDecisionResult.Refused(
                $"Already decided: {(outcome == ReviewOutcome.Approved ? "approved" : "rejected")} by {current.ReviewerName} on {when} UTC. A decision is made only once.");
        }

        return ReviewDecisionResult.Refused("There is no image to approve: the gate rejected every attempt. Reject it with a reason instead.");
    }
}

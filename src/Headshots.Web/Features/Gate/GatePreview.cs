using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Features.Generation;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Gate;

/// <summary>A stored gate decision: what it said, under which settings version, and the measurements it was made from.</summary>
public sealed record RecordedDecision(GateVerdict Recorded, int RecordedVersion, GateScores Scores);

public sealed record VerdictCounts(int Accept, int Review, int Reject)
{
    public static VerdictCounts Of(IEnumerable<GateVerdict> verdicts)
    {
        var list = verdicts.ToList();
        return new(list.Count(v => v == GateVerdict.Accept), list.Count(v => v == GateVerdict.Review), list.Count(v => v == GateVerdict.Reject));
    }
}

/// <summary>How many decisions went from one verdict under the current settings to another under the proposed ones.</summary>
public sealed record VerdictChange(GateVerdict From, GateVerdict To, int Count);

/// <summary>
/// The last decisions re-decided under the current and the proposed settings. <see cref="Recorded"/> is what was
/// decided at the time (possibly under an older version); <see cref="Changed"/> counts current → proposed differences.
/// </summary>
public sealed record GatePreviewResult(
    IReadOnlyList<RecordedDecision> Decisions,
    int Unreadable,
    VerdictCounts Recorded,
    VerdictCounts Current,
    VerdictCounts Proposed,
    int Changed,
    IReadOnlyList<VerdictChange> Changes);

/// <summary>
/// The what-if preview: re-decides the latest stored decisions from their recorded measurements (identity score, face
/// counts, skin ΔE, geometry change — no embeddings are stored or needed) with <see cref="AuthenticityGate.Judge"/>,
/// the very function the live gate decides with.
/// </summary>
public sealed class GatePreview(AppDbContext db)
{
    public const int DefaultDecisions = 500;
    public const int MaxDecisions = 5000;


    public async Task<GatePreviewResult> RunAsync(GateSettings current, GateSettings proposed, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        count = Math.Clamp(count, 1, MaxDecisions);
        var rows = await db.Headshots.AsNoTracking()
            .OrderByDescending(h => h.CreatedAt).ThenBy(h => h.Id)
            .Take(count)
            .Select(h => new { h.Verdict, h.Evidence })
            .ToListAsync(cancellationToken);

        var decisions = new List<RecordedDecision>();
        foreach (var row in rows)
        {
            if (Read(row.Verdict, row.Evidence) is { } decision)
            {
                decisions.Add(decision);
            }
        }

        var now = decisions.Select(d => AuthenticityGate.Judge(d.Scores, current.Thresholds).Verdict).ToList();
        var then = decisions.Select(d => AuthenticityGate.Judge(d.Scores, proposed.Thresholds).Verdict).ToList();
        var changes = now.Zip(then).Where(p => p.First != p.Second)
            .GroupBy(p => p)
            .Select(g => new VerdictChange(g.Key.First, g.Key.Second, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.From).ThenBy(c => c.To)
            .ToList();
        return new GatePreviewResult(
            decisions,
            rows.Count - decisions.Count,
            VerdictCounts.Of(decisions.Select(d => d.Recorded)),
            VerdictCounts.Of(now),
            VerdictCounts.Of(then),
            changes.Sum(c => c.Count),
            changes);
    }

    /// <summary>
    /// The decision inside a headshot's evidence JSON, or null when it has none that can be replayed: the evidence cannot
    /// be read, or the decision was scored before the identity score fused two models (no <c>dlib_resnet</c> among its
    /// models), so its identity score is on another scale than today's thresholds.
    /// </summary>
    public static RecordedDecision? Read(string verdict, string evidence) =>
        Enum.TryParse<GateVerdict>(verdict, out var recorded) && HeadshotEvidence.Read(evidence)?.Decision is { } decision
            && decision.Models.Any(m => m.Id == FaceModelIds.Descriptor)
            ? new RecordedDecision(recorded, decision.Thresholds.Version, decision.Scores)
            : null;
}

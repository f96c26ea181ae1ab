using System.Globalization;
using Headshots.Web.Data;
using Headshots.Web.Features.Generation;

namespace Headshots.Web.Features.Sharing;

/// <summary>What a visitor is told about one headshot: how it was checked, with the numbers recorded when it was decided.</summary>
public sealed record HeadshotCard(
    Guid Id,
    string Style,
    int Width,
    int Height,
    int ReferencePhotos,
    DateTimeOffset CheckedAt,
    float? Score,
    double? PassAt,
    IReadOnlyList<string> Edits,
    DateTimeOffset? ApprovedByReviewerAt = null)
{
    /// <summary>"AI-enhanced photo · identity checked against 3 of the person's own photos on 26 Nov 2026 · score 0.71 (pass ≥ 0.50)".</summary>
    public string Summary
    {
        get
        {
            var photos = ReferencePhotos == 1 ? "1 of the person's own photos" : $"{ReferencePhotos} of the person's own photos";
            var pass = PassAt is { } threshold ? $" (pass ≥ {threshold.ToString("0.00", CultureInfo.InvariantCulture)})" : "";
            var score = Score is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) : "—";
            // An output the gate held back is shown only after a person approved it: the visitor must be told so.
            var reviewed = ApprovedByReviewerAt is { } at
                ? $" · held back by the automatic check, approved by a reviewer on {at.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
                : "";
            return $"AI-enhanced photo · identity checked against {photos} on {CheckedAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} · score {score}{pass}{reviewed}";
        }
    }

    public static HeadshotCard From(Headshot headshot)
    {
        ArgumentNullException.ThrowIfNull(headshot);
        var (references, passAt) = ReadEvidence(headshot.Evidence);
        var approvedByReviewer = headshot.Verdict != "Accept" && headshot.ReviewOutcome == ReviewOutcome.Approved ? headshot.ReviewedAt : null;
        return new HeadshotCard(headshot.Id, headshot.Style, headshot.Width, headshot.Height, references, headshot.CreatedAt,
            headshot.Score, passAt, headshot.Edits, approvedByReviewer);
    }

    /// <summary>How many reference photos the decision compared against, and the pass threshold it used (not today's).</summary>
    private static (int References, double? PassAt) ReadEvidence(string evidence) =>
        HeadshotEvidence.Read(evidence)?.Decision is { } decision
            ? (decision.Scores.ReferenceSimilarities.Count, decision.Thresholds.AcceptAt)
            : (0, null);
}

/// <summary>The card of a share link: its headshots and how recent the photos they were checked against are.</summary>
public sealed record ShareCard(string? DisplayName, IReadOnlyList<HeadshotCard> Headshots, string SourceRecency, bool OffersBeforeAfter);

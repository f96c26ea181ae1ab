using System.Globalization;
using Headshots.Vision.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Authenticity;

/// <summary>
/// Decides whether a generated headshot still shows the person: identity against the mean of the user's reference
/// embeddings, plus drift guards against its own source photo (face missing or added, skin tone, face shape).
/// Thread-safe; thresholds are passed per call because an admin may change them while jobs run.
/// </summary>
public sealed class AuthenticityGate
{
    private readonly FaceAnalyzer _analyzer;
    private readonly IReadOnlyList<ModelFingerprint> _models;

    /// <param name="analyzer">The face pipeline.</param>
    /// <param name="models">Ids and file hashes of the models behind <paramref name="analyzer"/>, computed once at start-up.</param>
    public AuthenticityGate(FaceAnalyzer analyzer, IReadOnlyList<ModelFingerprint> models)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(models);
        _analyzer = analyzer;
        _models = models;
    }

    /// <param name="references">Embeddings of the user's accepted photos (at least one).</param>
    /// <param name="candidate">The generated output.</param>
    /// <param name="source">The photo the output was made from; null skips the drift guards.</param>
    /// <param name="thresholds">The settings in force for this decision.</param>
    public GateDecision Decide(IReadOnlyCollection<FaceEmbedding> references, Image<Rgb24> candidate, Image<Rgb24>? source, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var sourceAnalysis = source is null ? null : _analyzer.Analyze(source, FaceAnalysisDetail.Identity);
        return DecideWithAnalysedSource(references, candidate, source is null || sourceAnalysis is null ? null : new SourcePhoto(source, sourceAnalysis), thresholds);
    }

    /// <summary>As above, reusing an analysis of the source photo the caller already has.</summary>
    public GateDecision DecideWithAnalysedSource(IReadOnlyCollection<FaceEmbedding> references, Image<Rgb24> candidate, SourcePhoto? source, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (references.Count == 0)
        {
            throw new ArgumentException("The gate needs at least one reference embedding.", nameof(references));
        }

        thresholds.Validate();
        var reasons = new List<GateReason>();
        var analysis = _analyzer.Analyze(candidate, FaceAnalysisDetail.Identity);
        var candidateFaces = PhotoQualityChecker.CountProminent(analysis, thresholds.ProminentFaceAreaRatio);
        var sourceFaces = source is null ? (int?)null : PhotoQualityChecker.CountProminent(source.Analysis, thresholds.ProminentFaceAreaRatio);
        if (analysis.Best is not { } face)
        {
            reasons.Add(new GateReason(GateCheck.FaceMissing, GateVerdict.Reject, "No face was found in the output."));
            var empty = new GateScores(null, [], null, 0, sourceFaces, null, null, null);
            return new GateDecision(GateVerdict.Reject, reasons, empty, thresholds, _models);
        }

        var identity = face.Embedding.CosineSimilarity(FaceEmbedding.Mean(references));
        var perReference = references.Select(face.Embedding.CosineSimilarity).ToList();
        reasons.Add(IdentityReason(identity, thresholds));

        float? sourceSimilarity = null;
        double? skinDeltaE = null;
        float? geometryChange = null;
        IReadOnlyDictionary<string, float>? ratioChanges = null;
        if (source?.Analysis.Best is { } sourceFace)
        {
            sourceSimilarity = face.Embedding.CosineSimilarity(sourceFace.Embedding);
            if (candidateFaces != sourceFaces)
            {
                reasons.Add(new GateReason(GateCheck.FaceCount, GateVerdict.Review, $"The output shows {candidateFaces} face(s) but the source photo shows {sourceFaces}."));
            }

            skinDeltaE = SkinTone.MedianDeltaE(SkinTone.Patches(source.Image, sourceFace.Landmarks), SkinTone.Patches(candidate, face.Landmarks));
            reasons.AddRange(DriftReason(GateCheck.SkinTone, skinDeltaE.Value, thresholds.SkinToneReviewDeltaE, thresholds.SkinToneRejectDeltaE, "Skin tone changed", "ΔE"));

            ratioChanges = FaceGeometry.Changes(FaceGeometry.Ratios(sourceFace.Landmarks), FaceGeometry.Ratios(face.Landmarks));
            geometryChange = ratioChanges.Values.Max();
            reasons.AddRange(DriftReason(GateCheck.Geometry, geometryChange.Value, thresholds.GeometryReviewChange, thresholds.GeometryRejectChange, "Face shape changed", "relative change"));
        }
        else if (source is not null)
        {
            reasons.Add(new GateReason(GateCheck.FaceMissing, GateVerdict.Review, "No face was found in the source photo, so the output could not be compared with it."));
        }

        var verdict = reasons.Max(r => r.Verdict);
        var scores = new GateScores(identity, perReference, sourceSimilarity, candidateFaces, sourceFaces, skinDeltaE, geometryChange, ratioChanges);
        return new GateDecision(verdict, reasons, scores, thresholds, _models);
    }

    private static GateReason IdentityReason(float identity, GateThresholds t)
    {
        var score = identity.ToString("0.00", CultureInfo.InvariantCulture);
        if (identity >= t.AcceptAt)
        {
            return new GateReason(GateCheck.Identity, GateVerdict.Accept, $"Looks like you: similarity {score} to your reference photos (accept at {t.AcceptAt.ToString("0.00#", CultureInfo.InvariantCulture)}).");
        }

        return identity >= t.ReviewFrom
            ? new GateReason(GateCheck.Identity, GateVerdict.Review, $"Not sure this still looks like you: similarity {score} to your reference photos is below {t.AcceptAt.ToString("0.00#", CultureInfo.InvariantCulture)}.")
            : new GateReason(GateCheck.Identity, GateVerdict.Reject, $"This no longer looks like you: similarity {score} to your reference photos is below {t.ReviewFrom.ToString("0.00#", CultureInfo.InvariantCulture)}.");
    }

    private static IEnumerable<GateReason> DriftReason(GateCheck check, double value, double review, double reject, string what, string unit)
    {
        var v = value.ToString("0.00", CultureInfo.InvariantCulture);
        if (value > reject)
        {
            yield return new GateReason(check, GateVerdict.Reject, $"{what} too much: {unit} {v} against the source photo (limit {reject.ToString("0.00#", CultureInfo.InvariantCulture)}).");
        }
        else if (value > review)
        {
            yield return new GateReason(check, GateVerdict.Review, $"{what} noticeably: {unit} {v} against the source photo (review above {review.ToString("0.00#", CultureInfo.InvariantCulture)}).");
        }
    }
}

/// <summary>A source photo with its (identity-level or full) face analysis.</summary>
public sealed record SourcePhoto(Image<Rgb24> Image, FaceAnalysis Analysis);

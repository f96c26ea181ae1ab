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
        // The candidate is a framed headshot: its faces are large (FaceDetector.DetectFacesInPortrait). Only the best face
        // is compared, so only it runs the mesh and the identity models; the others are counted.
        var found = _analyzer.FindHumanFaces(candidate, FaceSearch.Portrait);
        var candidateFaces = PhotoQualityChecker.CountProminent(found.Faces.Select(f => f.Detection).ToList(), thresholds.ProminentFaceAreaRatio);
        var sourceFaces = source is null ? (int?)null : PhotoQualityChecker.CountProminent(source.Analysis, thresholds.ProminentFaceAreaRatio);
        var face = found.Faces.Count > 0 ? _analyzer.AnalyzeFace(candidate, found.Faces[0], FaceAnalysisDetail.Identity) : null;
        GateScores scores;
        if (face is null)
        {
            scores = new GateScores(null, [], null, 0, sourceFaces, null, null, null);
        }
        else if (source?.Analysis.Best is { } sourceFace)
        {
            var ratioChanges = FaceGeometry.Changes(FaceGeometry.Ratios(sourceFace.Landmarks), FaceGeometry.Ratios(face.Landmarks));
            scores = new GateScores(
                face.Embedding.Similarity(FaceEmbedding.Mean(references)),
                references.Select(face.Embedding.Similarity).ToList(),
                face.Embedding.Similarity(sourceFace.Embedding),
                candidateFaces,
                sourceFaces,
                SkinTone.MedianDeltaE(SkinTone.Patches(source.Image, sourceFace.Landmarks), SkinTone.Patches(candidate, face.Landmarks)),
                ratioChanges.Values.Max(),
                ratioChanges);
        }
        else
        {
            scores = new GateScores(
                face.Embedding.Similarity(FaceEmbedding.Mean(references)),
                references.Select(face.Embedding.Similarity).ToList(),
                null,
                candidateFaces,
                sourceFaces,
                null,
                null,
                null);
        }

        var judgement = Judge(scores, thresholds);
        return new GateDecision(judgement.Verdict, judgement.Reasons, scores, thresholds, _models);
    }

    /// <summary>
    /// The decision rules, as a pure function of the measurements a decision records (<see cref="GateScores"/>, which
    /// every stored decision keeps) and the thresholds. The live gate decides through this very function, so an admin's
    /// what-if preview that re-decides stored measurements under other thresholds is exactly what the gate would have
    /// said. Face counts are measured with <see cref="GateThresholds.ProminentFaceAreaRatio"/> before this point, so a
    /// change of that ratio cannot be replayed from the scores alone.
    /// </summary>
    /// <remarks>
    /// Source photo states, read from the scores: <see cref="GateScores.SourceFaces"/> null = no source was given (no
    /// drift checks); <see cref="GateScores.SourceSimilarity"/> set = the source had a face and was compared; otherwise
    /// the source had no face and a person reviews.
    /// </remarks>
    public static GateJudgement Judge(GateScores scores, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (scores.Identity is not { } identity)
        {
            return new GateJudgement(GateVerdict.Reject, [new GateReason(GateCheck.FaceMissing, GateVerdict.Reject, "No face was found in the output.")]);
        }

        var reasons = new List<GateReason> { IdentityReason(identity, thresholds) };
        if (scores.SourceSimilarity is not null)
        {
            if (scores.CandidateFaces != scores.SourceFaces)
            {
                reasons.Add(new GateReason(GateCheck.FaceCount, GateVerdict.Review, $"The output shows {scores.CandidateFaces} face(s) but the source photo shows {scores.SourceFaces}."));
            }

            if (scores.SkinToneDeltaE is { } skinDeltaE)
            {
                reasons.AddRange(DriftReason(GateCheck.SkinTone, skinDeltaE, thresholds.SkinToneReviewDeltaE, thresholds.SkinToneRejectDeltaE, "Skin tone changed", "ΔE"));
            }

            if (scores.GeometryChange is { } geometryChange)
            {
                reasons.AddRange(DriftReason(GateCheck.Geometry, geometryChange, thresholds.GeometryReviewChange, thresholds.GeometryRejectChange, "Face shape changed", "relative change"));
            }
        }
        else if (scores.SourceFaces is not null)
        {
            reasons.Add(new GateReason(GateCheck.FaceMissing, GateVerdict.Review, "No face was found in the source photo, so the output could not be compared with it."));
        }

        return new GateJudgement(reasons.Max(r => r.Verdict), reasons);
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

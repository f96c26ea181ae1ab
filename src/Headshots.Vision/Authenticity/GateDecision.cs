namespace Headshots.Vision.Authenticity;

public enum GateVerdict
{
    Accept,
    Review,
    Reject,
}

public enum GateCheck
{
    Identity,
    FaceMissing,
    FaceCount,
    SkinTone,
    Geometry,
}

/// <summary>A model the decision depended on, pinned by the sha256 of its file.</summary>
public sealed record ModelFingerprint(string Id, string Sha256);

/// <summary>One check's outcome in words a user understands.</summary>
public sealed record GateReason(GateCheck Check, GateVerdict Verdict, string Message);

/// <summary>
/// Every number the decision used. Identity is the identity score (<see cref="Faces.FaceEmbedding.Similarity"/>: both
/// identity models, fused) against the mean of the references (the decision score); the others are for explanation.
/// Null where the input did not allow the measurement.
/// </summary>
public sealed record GateScores(
    float? Identity,
    IReadOnlyList<float> ReferenceSimilarities,
    float? SourceSimilarity,
    int CandidateFaces,
    int? SourceFaces,
    double? SkinToneDeltaE,
    float? GeometryChange,
    IReadOnlyDictionary<string, float>? GeometryRatioChanges);

/// <summary>The gate's answer, with what it was decided from (thresholds and model hashes) so it can be audited later.</summary>
public sealed record GateDecision(
    GateVerdict Verdict,
    IReadOnlyList<GateReason> Reasons,
    GateScores Scores,
    GateThresholds Thresholds,
    IReadOnlyList<ModelFingerprint> Models);

/// <summary>A verdict and its reasons, decided from recorded measurements by <see cref="AuthenticityGate.Judge"/>.</summary>
public sealed record GateJudgement(GateVerdict Verdict, IReadOnlyList<GateReason> Reasons);

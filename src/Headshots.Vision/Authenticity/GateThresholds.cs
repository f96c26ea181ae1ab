namespace Headshots.Vision.Authenticity;

/// <summary>
/// Every setting the gate decides with. The web app stores these (admin-editable) and every decision records the exact
/// values it used; bump <see cref="Version"/> whenever a default changes. Evidence for each default: docs/gate.md.
/// </summary>
public sealed record GateThresholds
{
    /// <summary>
    /// Version of these settings: 2 for the defaults below (1 was the defaults for the <c>fr_feature</c>-only score, accept
    /// 0.50, review from 0.30); the web app's admin-edited versions (GateSettingsVersions table) carry their own version
    /// number here, so a decision's recorded thresholds name the version in force.
    /// </summary>
    public int Version { get; init; } = 2;

    /// <summary>
    /// Accept when the identity score of the output against the mean of the references (<see cref="Faces.FaceEmbedding.Similarity"/>,
    /// fr_feature and dlib fused) is at least this.
    /// Evidence (docs/gate.md): leave-one-out refset from ../shared/faces (15 people with ≥ 4 photos, 3 references per
    /// trial; 109 genuine and 14 050 impostor trials): at 0.55 no impostor trial was accepted (FMR 0; the highest, 0.536,
    /// are the two models of one studio session against each other) and 1 genuine trial (0.9 %: an expression-heavy
    /// studio shot, 0.519) fell below it; at 0.50 4 impostor trials (FMR 0.03 %) would pass. A real output is an edit of
    /// the user's own photo: edited copies (crop, flip, JPEG q30, brightness ±15 %) of two test photos score far above it
    /// against the original (EmbeddingTests).
    /// </summary>
    public float AcceptAt { get; init; } = 0.55f;

    /// <summary>
    /// Below this the output is rejected; between this and <see cref="AcceptAt"/> a person reviews it.
    /// Evidence (same refset): no genuine trial scored below 0.40 (lowest 0.519, so a margin of 0.12), while 0.85 % of
    /// impostor trials (120 / 14 050) reached it: the band [0.40, 0.55) holds 120 impostor and 1 genuine trial, and
    /// every other impostor trial is rejected.
    /// </summary>
    public float ReviewFrom { get; init; } = 0.40f;

    /// <summary>
    /// Median ΔE*ab (CIE 1976) between the output's and the source's skin patches (both cheeks, forehead) above which a
    /// person reviews. Measured on lenna (AuthenticityGateTests): JPEG q30 1.1, 80 % crop 0.4, brightness +15 % 8.8,
    /// a colour cast (red × 0.55, blue × 1.6) 59.8; 2.3 is a just-noticeable difference. 12 leaves room for exposure
    /// correction, which is a legitimate enhancement; not yet calibrated on real enhancement outputs.
    /// </summary>
    public double SkinToneReviewDeltaE { get; init; } = 12;

    /// <summary>Skin-tone change above which the output is rejected: a visibly different complexion, not a lighting fix.</summary>
    public double SkinToneRejectDeltaE { get; init; } = 25;

    /// <summary>
    /// Largest relative change of the normalised landmark ratios (eye distance/face width, nose width/eye distance, jaw
    /// width/face width, face width/height, eye distance/eye-to-mouth) above which a person reviews. Landmark noise on
    /// benign edits of lenna (JPEG q30, crop, brightness) was 0.029–0.036; a 30 % horizontal stretch gave 0.22.
    /// </summary>
    public float GeometryReviewChange { get; init; } = 0.10f;

    /// <summary>Landmark-ratio change above which the output is rejected: the face shape has been altered.</summary>
    public float GeometryRejectChange { get; init; } = 0.20f;

    /// <summary>A second face counts when its box has at least this fraction of the main face's area.</summary>
    public float ProminentFaceAreaRatio { get; init; } = 0.25f;

    public static GateThresholds Default { get; } = new();

    /// <summary>Throws when the values are inconsistent (e.g. a review floor above the accept threshold).</summary>
    public void Validate()
    {
        if (!(ReviewFrom <= AcceptAt) || AcceptAt > 1 || ReviewFrom < -1)
        {
            throw new ArgumentException($"Need −1 ≤ ReviewFrom ({ReviewFrom}) ≤ AcceptAt ({AcceptAt}) ≤ 1.");
        }

        if (!(SkinToneReviewDeltaE <= SkinToneRejectDeltaE) || SkinToneReviewDeltaE < 0)
        {
            throw new ArgumentException("Need 0 ≤ SkinToneReviewDeltaE ≤ SkinToneRejectDeltaE.");
        }

        if (!(GeometryReviewChange <= GeometryRejectChange) || GeometryReviewChange < 0)
        {
            throw new ArgumentException("Need 0 ≤ GeometryReviewChange ≤ GeometryRejectChange.");
        }

        if (!(ProminentFaceAreaRatio > 0 && ProminentFaceAreaRatio <= 1))
        {
            // Above 1 not even the main face would count, and the face-count guard would compare nothing.
            throw new ArgumentException("Need 0 < ProminentFaceAreaRatio ≤ 1.");
        }
    }
}

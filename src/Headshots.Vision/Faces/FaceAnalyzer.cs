using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>How much to compute per face: identity (landmarks + embedding) is what the gate needs; full adds pose and eyes.</summary>
public enum FaceAnalysisDetail
{
    Identity,
    Full,
}

public sealed record FaceAnalyzerOptions
{
    public FaceDetectorOptions Detection { get; init; } = new();
}

/// <summary>One face: where it is, its landmarks and embedding, and (for full analysis) head pose and eye state.</summary>
public sealed record AnalyzedFace(DetectedFace Detection, FaceLandmarks Landmarks, FaceEmbedding Embedding, HeadPose? Pose, EyeState? Eyes);

/// <summary>Every face found in one image, best detector score first.</summary>
public sealed record FaceAnalysis(int ImageWidth, int ImageHeight, IReadOnlyList<AnalyzedFace> Faces)
{
    /// <summary>The face with the highest detector score: a large blurred background box must not win over a sharp face.</summary>
    public AnalyzedFace? Best => Faces.Count > 0 ? Faces[0] : null;
}

/// <summary>
/// The whole face pipeline: detect → 68 landmarks → 5-point alignment → embedding (+ pose and eyes). Stateless and
/// thread-safe: every model is one shared <c>InferenceSession</c>, and ONNX Runtime allows concurrent runs on a session.
/// </summary>
public sealed class FaceAnalyzer
{
    public FaceAnalyzer(FaceModels models, FaceAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var o = options ?? new FaceAnalyzerOptions();
        Detector = new FaceDetector(
            new UltraFaceDetector(models.Detector, o.Detection.UltraFace),
            new BlazeFaceDetector(models.SmallFaceDetector, o.Detection.BlazeFace),
            o.Detection);
        Landmarker = new FaceLandmarker(models.Landmarks);
        Embedder = new FaceEmbedder(models.Embedding);
        PoseEstimator = new HeadPoseEstimator(models.Pose);
        EyeClassifier = new EyeStateClassifier(models.Eyes);
    }

    public IFaceDetector Detector { get; }

    public FaceLandmarker Landmarker { get; }

    public FaceEmbedder Embedder { get; }

    public HeadPoseEstimator PoseEstimator { get; }

    public EyeStateClassifier EyeClassifier { get; }

    public FaceAnalysis Analyze(Image<Rgb24> image, FaceAnalysisDetail detail = FaceAnalysisDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = Detector.DetectFaces(image).Select(d => AnalyzeFace(image, d, detail)).ToList();
        return new FaceAnalysis(image.Width, image.Height, faces);
    }

    public AnalyzedFace AnalyzeFace(Image<Rgb24> image, DetectedFace face, FaceAnalysisDetail detail)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(face);
        var landmarks = Landmarker.Detect(image, face.Box);
        var embedding = Embedder.Embed(image, landmarks);
        return detail == FaceAnalysisDetail.Full
            ? new AnalyzedFace(face, landmarks, embedding, PoseEstimator.Estimate(image, face.Box), EyeClassifier.Classify(image, landmarks))
            : new AnalyzedFace(face, landmarks, embedding, null, null);
    }

    /// <summary>The embedding of the best-scoring face, or null when the image has no face (e.g. for reference photos).</summary>
    public FaceEmbedding? EmbedBestFace(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = Detector.DetectFaces(image);
        return faces.Count == 0 ? null : Embedder.Embed(image, Landmarker.Detect(image, faces[0].Box));
    }
}

/// <summary>Face crops normalised by the embedding alignment, so measurements do not depend on photo size or head tilt.</summary>
internal static class AlignedFace
{
    /// <summary>The face as 0..255 grey values in the 112×112 alignment frame.</summary>
    public static float[] Grey(Image<Rgb24> image, FaceLandmarks landmarks)
    {
        var toCrop = SimilarityTransform.Estimate(landmarks.FivePoints(), FaceEmbedder.ReferencePoints.ToArray());
        var grey = new float[FaceEmbedder.Size * FaceEmbedder.Size];
        ImageSampler.Sample(image, toCrop.Inverse().ToAffine(), FaceEmbedder.Size, FaceEmbedder.Size, TensorLayout.Grey, PixelNormalization.Uniform(0, 1), default, grey);
        return grey;
    }
}

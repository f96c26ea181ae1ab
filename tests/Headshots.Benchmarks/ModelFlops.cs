using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Benchmarks;

/// <summary>The FLOPs of each model run the pipeline makes, counted once per model (<see cref="OnnxFlops"/>), and per stage of one headshot.</summary>
public sealed record ModelFlops(double UltraFace, double BlazeFace, double Landmarks, double Embedding, double Segmentation, double FaceMesh, double SuperResolutionPerPixel)
{
    public static ModelFlops Count(string models)
    {
        double Of(string id, string input, params long[] shape) =>
            OnnxFlops.Count(Path.Combine(models, id + ".onnx"), new Dictionary<string, long[]>(StringComparer.Ordinal) { [input] = shape });
        return new ModelFlops(
            Of("fr_detect", "input", 1, 3, 240, 320),
            Of("blazeface_back", "input:0", 1, 256, 256, 3),
            Of("fr_landmark", "input", 1, 1, 64, 64),
            Of("fr_feature", "input", 1, 3, 112, 112),
            Of("selfie_segmentation", "image", 1, 256, 256, 3),
            Of("face_mesh", "image", 1, 192, 192, 3),
            Of("realesrgan_x4v3", "image", 1, 3, 64, 64) / (64 * 64));
    }

    /// <summary>One face's identity analysis: both detectors, two landmark passes, the face mesh (alignment), one embedding.</summary>
    public double FaceAnalysis => UltraFace + BlazeFace + (2 * Landmarks) + FaceMesh + Embedding;

    /// <summary>
    /// Real-ESRGAN's FLOPs on the region Restoration.SuperResolve runs on: 1.4 × the face box, square, clipped to the photo.
    /// Computed once per photo in the benchmark's set-up, so the measured renders do not pay for an extra face analysis.
    /// </summary>
    public double SuperResolution(Image<Rgb24> source, FaceAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(analyzer);
        var face = analyzer.Analyze(source, FaceAnalysisDetail.Identity).Best!.Detection.Box;
        var side = 1.4f * MathF.Max(face.Width, face.Height);
        var x0 = Math.Max(0, (int)MathF.Floor(face.Center.X - (side / 2)));
        var y0 = Math.Max(0, (int)MathF.Floor(face.Center.Y - (side / 2)));
        var x1 = Math.Min(source.Width, (int)MathF.Ceiling(face.Center.X + (side / 2)));
        var y1 = Math.Min(source.Height, (int)MathF.Ceiling(face.Center.Y + (side / 2)));
        return SuperResolutionPerPixel * (x1 - x0) * (y1 - y0);
    }

    /// <param name="result">One render.</param>
    /// <param name="superResolution">What <see cref="SuperResolution"/> gave for its source photo.</param>
    public IEnumerable<(string Stage, double Flops)> PerStage(EnhancementResult result, double superResolution)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Only stages that ran; a switched-off stage did no work.
        var stages = new (string Stage, double Flops)[]
        {
            (StageNames.Analysis, FaceAnalysis),
            (StageNames.Segmentation, Segmentation),
            (StageNames.FaceMesh, FaceMesh),
            (StageNames.Gate, FaceAnalysis * result.Attempts.Count),
            (StageNames.SuperResolution, superResolution),
        };
        return stages.Where(s => result.StageMs.ContainsKey(s.Stage));
    }
}

using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

public sealed record UltraFaceOptions
{
    /// <summary>
    /// Minimum face score. 0.65 is the model package's own default; on ../shared/faces it finds all 141 photos' faces
    /// used by pairs.csv, but also scores a cat 0.96, a baboon 0.80 and a dog 0.77 (docs/gate.md).
    /// </summary>
    public float ScoreThreshold { get; init; } = 0.65f;

    /// <summary>NMS overlap (IoU) above which the lower-scoring box is dropped; the package default.</summary>
    public float NmsIouThreshold { get; init; } = 0.4f;

    /// <summary>
    /// When nothing is found, detect again with this much empty border on each side (fraction of the longer image side).
    /// Tight 150×150 face crops fill the frame beyond the largest prior (256 px of 320) and are otherwise missed.
    /// </summary>
    public float RetryPadding { get; init; } = 0.5f;
}

/// <summary>
/// UltraFace RFB-320 (<c>fr_detect</c>): the image is stretched to 320×240, RGB, (x − 127)/128; the model returns
/// 4420 softmaxed scores and already-decoded boxes in 0..1 of its input.
/// </summary>
public sealed class UltraFaceDetector : IFaceDetector
{
    public const string DetectorName = "ultraface";
    private const int InputWidth = 320;
    private const int InputHeight = 240;
    private static readonly string[] OutputNames = ["scores", "boxes"];
    private readonly OnnxModel _model;
    private readonly UltraFaceOptions _options;

    public UltraFaceDetector(OnnxModel model, UltraFaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? new UltraFaceOptions();
    }

    public IReadOnlyList<DetectedFace> DetectFaces(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = Detect(image, new Box(0, 0, image.Width, image.Height));
        if (faces.Count > 0 || _options.RetryPadding <= 0)
        {
            return faces;
        }

        var pad = _options.RetryPadding * Math.Max(image.Width, image.Height);
        return Detect(image, new Box(-pad, -pad, image.Width + pad, image.Height + pad));
    }

    /// <summary>Detects faces in <paramref name="region"/> of the image (which may extend past its edges: black padding).</summary>
    internal IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image, Box region)
    {
        using var input = new PooledTensor(1, 3, InputHeight, InputWidth);
        ImageSampler.Sample(
            image,
            Affine2.FromRegion(region, InputWidth, InputHeight),
            InputWidth,
            InputHeight,
            TensorLayout.PlanarRgb,
            PixelNormalization.Uniform(127, 1 / 128f),
            default,
            input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input", input.Value, OutputNames);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var boxes = outputs[1].GetTensorDataAsSpan<float>();

        var candidates = new List<Box>();
        var candidateScores = new List<float>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            var score = scores[(2 * i) + 1];
            if (score <= _options.ScoreThreshold)
            {
                continue;
            }

            var b = new Box(boxes[4 * i], boxes[(4 * i) + 1], boxes[(4 * i) + 2], boxes[(4 * i) + 3]);
            candidates.Add(b.Transform(region.Width, region.X1, region.Height, region.Y1));
            candidateScores.Add(score);
        }

        var kept = NonMaxSuppression.Select(candidates.ToArray(), candidateScores.ToArray(), _options.NmsIouThreshold);
        return kept.Select(i => new DetectedFace(candidates[i], candidateScores[i], DetectorName))
            .Where(f => f.Box.Area > 0)
            .ToList();
    }
}

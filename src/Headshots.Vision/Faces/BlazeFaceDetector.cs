using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

public sealed record BlazeFaceOptions
{
    /// <summary>Minimum sigmoid score; MediaPipe's own default for the back-camera model.</summary>
    public float ScoreThreshold { get; init; } = 0.75f;

    /// <summary>NMS overlap (IoU) above which the lower-scoring box is dropped.</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;
}

/// <summary>
/// MediaPipe BlazeFace, back-camera 256×256 model (<c>blazeface_back</c>): NHWC RGB x/127.5 − 1, letterboxed to a square
/// (padding right and bottom). Two heads: a 16×16 grid with 2 anchors per cell and an 8×8 grid with 6 anchors per cell;
/// each anchor predicts a sigmoid score and a box offset in input pixels relative to the cell centre.
/// Its boxes are tighter than UltraFace's (brows to mouth); <see cref="DetectFaces"/> returns them as they are.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector
{
    public const string DetectorName = "blazeface";
    private const int Size = 256;
    private static readonly string[] OutputNames = ["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"];
    private readonly OnnxModel _model;
    private readonly BlazeFaceOptions _options;

    public BlazeFaceDetector(OnnxModel model, BlazeFaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? new BlazeFaceOptions();
    }

    public IReadOnlyList<DetectedFace> DetectFaces(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Math.Max(image.Width, image.Height);
        return Detect(image, new Box(0, 0, side, side));
    }

    /// <summary>Detects faces in a square <paramref name="region"/> of the image (parts outside the image read as black).</summary>
    internal IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image, Box region)
    {
        using var input = new PooledTensor(1, Size, Size, 3);
        ImageSampler.Sample(
            image,
            Affine2.FromRegion(region, Size, Size),
            Size,
            Size,
            TensorLayout.InterleavedRgb,
            PixelNormalization.Uniform(127.5f, 1 / 127.5f),
            default,
            input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input:0", input.Value, OutputNames);

        var boxes = new List<Box>();
        var scores = new List<float>();
        Decode(outputs[0].GetTensorDataAsSpan<float>(), outputs[2].GetTensorDataAsSpan<float>(), 16, 2, region, boxes, scores);
        Decode(outputs[1].GetTensorDataAsSpan<float>(), outputs[3].GetTensorDataAsSpan<float>(), 8, 6, region, boxes, scores);
        var kept = NonMaxSuppression.Select(boxes.ToArray(), scores.ToArray(), _options.NmsIouThreshold);
        return kept.Select(i => new DetectedFace(boxes[i], scores[i], DetectorName)).ToList();
    }

    private void Decode(ReadOnlySpan<float> logits, ReadOnlySpan<float> regressors, int cells, int anchorsPerCell, Box region, List<Box> boxes, List<float> scores)
    {
        var scale = region.Width / Size;
        for (var i = 0; i < logits.Length; i++)
        {
            var score = 1 / (1 + MathF.Exp(-Math.Clamp(logits[i], -80f, 80f)));
            if (score < _options.ScoreThreshold)
            {
                continue;
            }

            var cell = i / anchorsPerCell;
            var cx = ((cell % cells) + 0.5f) / cells * Size;
            var cy = ((cell / cells) + 0.5f) / cells * Size;
            var r = regressors.Slice(i * 16, 16);
            var centre = new Point2(cx + r[0], cy + r[1]);
            var box = Box.FromCenter(centre, r[2], r[3]);
            boxes.Add(box.Transform(scale, region.X1, scale, region.Y1));
            scores.Add(score);
        }
    }
}

using Headshots.Vision.Enhancement;
using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>468 MediaPipe face-mesh points in frame pixels, and the model's confidence that a face is there.</summary>
internal sealed record FaceMeshPoints(IReadOnlyList<Point2> Points, float Presence)
{
    /// <summary>Below this presence the mesh is not trusted to have found the face.</summary>
    public const float MinPresence = 0.5f;

    /// <summary>
    /// Eye centres (mean of each eye's 16-point outline), nose tip (point 1) and outer mouth corners (61, 291), image-left
    /// first — the five points of the embedding's alignment template, in the same order as <see cref="FaceLandmarks.FivePoints"/>.
    /// </summary>
    public Point2[] FivePoints() =>
    [
        Point2.Mean([.. FaceMeshRegions.RightEye.Select(i => Points[i])]),
        Point2.Mean([.. FaceMeshRegions.LeftEye.Select(i => Points[i])]),
        Points[1],
        Points[61],
        Points[291],
    ];
}

/// <summary>
/// MediaPipe face mesh: a square crop of 1.5× the face box, 192×192 RGB 0..1 NHWC → 468 (x, y, z) in crop pixels and a
/// face-presence logit. Outputs are found by size (1404 values, 1 value), so the importer's tensor names do not matter.
/// </summary>
internal sealed class FaceMeshModel
{
    public const int Size = 192;
    public const int PointCount = 468;
    private readonly OnnxModel _model;
    private readonly string _inputName;

    public FaceMeshModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _inputName = model.Session.InputNames[0];
    }

    /// <summary>The mesh of the face in <paramref name="faceBox"/> on an enhancement canvas (retouch's skin mask).</summary>
    public FaceMeshPoints Detect(PlanarImage canvas, Box faceBox)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var toCanvas = CropAround(faceBox);
        var input = canvas.Warp(toCanvas, Size, Size);
        using var tensor = new PooledTensor(1, Size, Size, 3);
        var span = tensor.Memory.Span;
        var n = Size * Size;
        for (var i = 0; i < n; i++)
        {
            span[3 * i] = input.Data[i];
            span[(3 * i) + 1] = input.Data[n + i];
            span[(3 * i) + 2] = input.Data[(2 * n) + i];
        }

        return Run(tensor, toCanvas);
    }

    /// <summary>The mesh of the face in <paramref name="faceBox"/> on a photo, sampled straight into the model's input.</summary>
    public FaceMeshPoints Detect(Image<Rgb24> image, Box faceBox)
    {
        ArgumentNullException.ThrowIfNull(image);
        var toImage = CropAround(faceBox);
        using var tensor = new PooledTensor(1, Size, Size, 3);
        ImageSampler.Sample(image, toImage, Size, Size, TensorLayout.InterleavedRgb, PixelNormalization.Uniform(0, 1 / 255f), default, tensor.Memory);
        return Run(tensor, toImage);
    }

    // The model wants the face with a margin: a square of 1.5 × the box's longer side, as MediaPipe's own pipeline crops it.
    private static Affine2 CropAround(Box faceBox)
    {
        var side = 1.5f * MathF.Max(faceBox.Width, faceBox.Height);
        return Affine2.FromRegion(Box.FromCenter(faceBox.Center, side, side), Size, Size);
    }

    private FaceMeshPoints Run(PooledTensor tensor, Affine2 toCanvas)
    {
        using var outputs = OrtRun.Run(_model.Session, _inputName, tensor.Value, _model.Session.OutputNames);
        float[]? landmarks = null;
        var presence = float.NaN;
        foreach (var output in outputs)
        {
            var values = output.GetTensorDataAsSpan<float>();
            if (values.Length == 3 * PointCount)
            {
                landmarks = values.ToArray();
            }
            else if (values.Length == 1)
            {
                presence = 1 / (1 + MathF.Exp(-values[0]));
            }
        }

        if (landmarks is null)
        {
            throw new InvalidOperationException($"Model '{_model.Id}' has no output of {3 * PointCount} values; is it the MediaPipe face mesh?");
        }

        var points = new Point2[PointCount];
        for (var i = 0; i < PointCount; i++)
        {
            points[i] = toCanvas.Apply(new Point2(landmarks[3 * i], landmarks[(3 * i) + 1]));
        }

        return new FaceMeshPoints(points, float.IsNaN(presence) ? 1 : presence);
    }
}

/// <summary>Closed outlines in the MediaPipe 468-point topology (canonical face-mesh indices).</summary>
internal static class FaceMeshRegions
{
    public static int[] FaceOval { get; } =
        [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109];

    public static int[] RightEye { get; } = [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7];

    public static int[] LeftEye { get; } = [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249];

    public static int[] RightBrow { get; } = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46];

    public static int[] LeftBrow { get; } = [300, 293, 334, 296, 336, 285, 295, 282, 283, 276];

    public static int[] Lips { get; } = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146];
}

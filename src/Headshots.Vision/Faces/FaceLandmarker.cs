using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>
/// 68-point landmarks (<c>fr_landmark</c>): a square crop centred on the face box with side = box height (shifted to stay
/// inside the image), 64×64 grey / 256; the model returns (x, y) pairs in 0..1 of the crop. Unreliable on profile faces.
/// </summary>
public sealed class FaceLandmarker
{
    private const int Size = 64;
    private static readonly string[] OutputNames = ["output"];
    private readonly OnnxModel _model;

    public FaceLandmarker(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public FaceLandmarks Detect(Image<Rgb24> image, Box face)
    {
        ArgumentNullException.ThrowIfNull(image);
        var crop = CropFor(face, image.Width, image.Height);
        using var input = new PooledTensor(1, 1, Size, Size);
        ImageSampler.Sample(image, Affine2.FromRegion(crop, Size, Size), Size, Size, TensorLayout.Grey, PixelNormalization.Uniform(0, 1 / 256f), default, input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input", input.Value, OutputNames);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var points = new Point2[FaceLandmarks.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point2(crop.X1 + (values[2 * i] * crop.Width), crop.Y1 + (values[(2 * i) + 1] * crop.Height));
        }

        return new FaceLandmarks(points);
    }

    /// <summary>The square crop the model expects; a box larger than the image keeps its size and is padded.</summary>
    internal static Box CropFor(Box face, int imageWidth, int imageHeight)
    {
        var side = MathF.Min(face.Height, MathF.Min(imageWidth, imageHeight));
        var x = Math.Clamp(face.Center.X - (side / 2), 0, imageWidth - side);
        var y = Math.Clamp(face.Center.Y - (side / 2), 0, imageHeight - side);
        return new Box(x, y, x + side, y + side);
    }
}

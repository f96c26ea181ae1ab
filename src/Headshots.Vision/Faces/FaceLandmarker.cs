using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>
/// 68-point landmarks (<c>fr_landmark</c>), 64×64 grey / 256 in, (x, y) pairs in 0..1 of the crop out. Two passes:
/// the first on the square the model package uses (side = box height, centred on the detector box; parts outside the
/// image read black rather than shifting the face off-centre), the second on a square moved so that the first pass's
/// points sit where the model puts them on average. The second pass's points are returned; how far they moved is
/// <see cref="FaceLandmarks.Drift"/>. Unreliable on profile faces.
/// </summary>
public sealed class FaceLandmarker
{
    // Where the centroid of the 68 points falls in the first-pass crop, as a fraction of its side: mean over the 141
    // face photos of ../shared/faces used by pairs.csv (standard deviation 0.048 across, 0.037 down). UltraFace boxes
    // include the forehead, so the points sit below the crop centre.
    private const float MeanCentroidX = 0.491f;
    private const float MeanCentroidY = 0.571f;
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
        var first = FirstCrop(face);
        var firstPoints = Run(image, first);
        var second = Recentred(first, Centroid(firstPoints));
        var points = Run(image, second);
        var moved = 0f;
        for (var i = 0; i < points.Length; i++)
        {
            moved += Point2.Distance(points[i], firstPoints[i]);
        }

        var landmarks = new FaceLandmarks(points);
        return landmarks with { Drift = moved / points.Length / MathF.Max(1, landmarks.InterOcularDistance) };
    }

    /// <summary>The model package's crop: a square of side = box height centred on the box.</summary>
    internal static Box FirstCrop(Box face) => Box.FromCenter(face.Center, face.Height, face.Height);

    /// <summary>The same square moved so that <paramref name="centroid"/> lands where the model puts the points on average.</summary>
    internal static Box Recentred(Box crop, Point2 centroid)
    {
        var side = crop.Width;
        var centre = new Point2(centroid.X - ((MeanCentroidX - 0.5f) * side), centroid.Y - ((MeanCentroidY - 0.5f) * side));
        return Box.FromCenter(centre, side, side);
    }

    private static Point2 Centroid(Point2[] points)
    {
        float x = 0, y = 0;
        foreach (var p in points)
        {
            x += p.X;
            y += p.Y;
        }

        return new Point2(x / points.Length, y / points.Length);
    }

    private Point2[] Run(Image<Rgb24> image, Box crop)
    {
        using var input = new PooledTensor(1, 1, Size, Size);
        ImageSampler.Sample(image, Affine2.FromRegion(crop, Size, Size), Size, Size, TensorLayout.Grey, PixelNormalization.Uniform(0, 1 / 256f), default, input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input", input.Value, OutputNames);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var points = new Point2[FaceLandmarks.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point2(crop.X1 + (values[2 * i] * crop.Width), crop.Y1 + (values[(2 * i) + 1] * crop.Height));
        }

        return points;
    }
}

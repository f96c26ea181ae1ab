using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

public sealed record FramingOptions
{
    /// <summary>Long side of the output when the source has the pixels for it.</summary>
    public int LongSide { get; init; } = 1024;

    /// <summary>Smallest output long side; below this a headshot is not worth making and the long side is not reduced further.</summary>
    public int MinLongSide { get; init; } = 384;

    /// <summary>
    /// The most a source pixel may be enlarged. 2× is what plain resampling still renders cleanly; with super-resolution
    /// available the enhancer raises it to the model's scale. Beyond that the output is made smaller instead.
    /// </summary>
    public float MaxUpscale { get; init; } = 2f;

    /// <summary>
    /// When the frame reaches beyond the photo (a selfie cut off at the chest, a studio shot cropped close at the sides),
    /// zoom in around the eye line by up to this factor so the frame stays inside the photo and no body is cut off by
    /// the photo's edge; the eye line stays where the style puts it. 1.5 lets the face grow from 0.30 to 0.45 of a 4:5
    /// frame's width, still a head-and-shoulders shot.
    /// </summary>
    public float MaxTightening { get; init; } = 1.5f;

    /// <summary>
    /// Width, as a share of the frame height, over which the photo fades out at its own edge. A body cut off by the
    /// photo's bottom edge then dissolves into the backdrop instead of ending in a hard line; backdrop pixels there are
    /// replaced anyway.
    /// </summary>
    public float EdgeFade { get; init; } = 0.03f;
}

/// <summary>Where the output frame lies in the source: the map from output pixels to source pixels and the frame's size.</summary>
internal sealed record FramePlan(int Width, int Height, Affine2 CanvasToSource, float Scale, float RollDegrees)
{
    /// <summary>Source point → output point (the inverse of <see cref="CanvasToSource"/>).</summary>
    public Point2 ToCanvas(Point2 source)
    {
        var m = CanvasToSource;
        var det = (m.M00 * m.M11) - (m.M01 * m.M10);
        var dx = source.X - m.M02;
        var dy = source.Y - m.M12;
        return new Point2(((m.M11 * dx) - (m.M01 * dy)) / det, ((m.M00 * dy) - (m.M10 * dx)) / det);
    }
}

/// <summary>
/// Levels the eyes (a rotation about their midpoint) and places the face by the style's composition, then samples the
/// frame from the photo. Pixels beyond the photo's edge are marked in a coverage mask so the background stage paints them,
/// never stretched or mirrored photo pixels.
/// </summary>
internal static class Framing
{
    public static FramePlan Plan(int sourceWidth, int sourceHeight, FaceLandmarks landmarks, Composition composition, FramingOptions options)
    {
        var eyes = Point2.Midpoint(landmarks.LeftEye, landmarks.RightEye);
        var roll = MathF.Atan2(landmarks.RightEye.Y - landmarks.LeftEye.Y, landmarks.RightEye.X - landmarks.LeftEye.X);
        var jaw = Point2.Distance(landmarks.Points[0], landmarks.Points[16]);

        // A strongly turned head foreshortens the jaw line; the eye distance (about 0.45 of the jaw width on frontal faces
        // in the iBUG-300W layout) keeps such faces from being framed huge.
        var faceWidth = MathF.Max(jaw, 2.2f * landmarks.InterOcularDistance);
        var (width, height) = Size(options.LongSide, composition.Aspect);
        var scale = composition.FaceWidth * width / faceWidth;
        if (scale > options.MaxUpscale)
        {
            var shrink = MathF.Max(options.MaxUpscale / scale, (float)options.MinLongSide / options.LongSide);
            (width, height) = Size((int)MathF.Round(options.LongSide * shrink), composition.Aspect);
            scale = MathF.Min(options.MaxUpscale, composition.FaceWidth * width / faceWidth);
        }

        var plan = Build(width, height, eyes, roll, scale, composition);
        var cover = ZoomToCover(plan, eyes, sourceWidth, sourceHeight);
        if (cover > 1)
        {
            // Zooming in about the eye line keeps the composition's eye line and centre and shrinks how far the frame
            // reaches; as far as the limits allow, the frame then lies inside the photo and nothing has to be painted.
            var limit = MathF.Max(1, MathF.Min(options.MaxTightening, options.MaxUpscale / scale));
            plan = Build(width, height, eyes, roll, scale * MathF.Min(cover, limit), composition);
        }

        return plan;
    }

    /// <summary>With framing switched off: the whole photo, upright as it is, shrunk to the long side if larger.</summary>
    public static FramePlan Whole(int sourceWidth, int sourceHeight, FramingOptions options)
    {
        var scale = MathF.Min(1, (float)options.LongSide / Math.Max(sourceWidth, sourceHeight));
        var width = Math.Max(1, (int)MathF.Round(sourceWidth * scale));
        var height = Math.Max(1, (int)MathF.Round(sourceHeight * scale));
        return new FramePlan(width, height, new Affine2((float)sourceWidth / width, 0, 0, 0, (float)sourceHeight / height, 0), scale, 0);
    }

    /// <summary>Samples the frame. Coverage is 1 inside the photo, 0 beyond it, fading over <see cref="FramingOptions.EdgeFade"/> at the photo's edge.</summary>
    public static PlanarImage Render(Image<Rgb24> source, FramePlan plan, FramingOptions options, out float[] coverage, FlopTally? flops = null)
    {
        var fade = MathF.Max(1, options.EdgeFade * plan.Height);
        var canvas = PlanarImage.Sample(source, plan.CanvasToSource, plan.Width, plan.Height, new Rgb24(128, 128, 128), flops);
        coverage = new float[plan.Width * plan.Height];

        // Per pixel: x + ½, y + ½ (2); the affine map (four products, four sums: 8); the distances to the four edges (two
        // subtractions, three mins: 5); (inside · scale + ½) / fade, clamped (5).
        const int coverageFlopsPerPixel = 2 + 8 + 5 + 5;
        flops?.Add(coverageFlopsPerPixel * (long)coverage.Length);
        var m = plan.CanvasToSource;
        for (var y = 0; y < plan.Height; y++)
        {
            for (var x = 0; x < plan.Width; x++)
            {
                var p = m.Apply(new Point2(x + 0.5f, y + 0.5f));
                var inside = MathF.Min(MathF.Min(p.X, source.Width - p.X), MathF.Min(p.Y, source.Height - p.Y));
                coverage[(y * plan.Width) + x] = Math.Clamp(((inside * plan.Scale) + 0.5f) / fade, 0, 1);
            }
        }

        return canvas;
    }

    private static (int Width, int Height) Size(int longSide, float aspect) =>
        aspect <= 1 ? ((int)MathF.Round(longSide * aspect), longSide) : (longSide, (int)MathF.Round(longSide / aspect));

    private static FramePlan Build(int width, int height, Point2 eyes, float roll, float scale, Composition composition)
    {
        // canvas → source: p = eyes + R(roll)·(c − anchor)/scale, so a horizontal canvas line follows the eye line.
        var cos = MathF.Cos(roll) / scale;
        var sin = MathF.Sin(roll) / scale;
        var ax = width / 2f;
        var ay = composition.EyeLine * height;
        var map = new Affine2(cos, -sin, eyes.X - ((cos * ax) - (sin * ay)), sin, cos, eyes.Y - ((sin * ax) + (cos * ay)));
        return new FramePlan(width, height, map, scale, roll * 180 / MathF.PI);
    }

    /// <summary>
    /// The zoom about the eyes that brings all four frame corners inside the photo: for each corner, how far along the
    /// line from the eyes to it the photo ends (t), and 1 / t. 1 when the frame already lies inside.
    /// </summary>
    private static float ZoomToCover(FramePlan plan, Point2 eyes, int sourceWidth, int sourceHeight)
    {
        var zoom = 1f;
        foreach (var corner in new[] { new Point2(0, 0), new Point2(plan.Width, 0), new Point2(0, plan.Height), new Point2(plan.Width, plan.Height) })
        {
            var q = plan.CanvasToSource.Apply(corner);
            var t = MathF.Min(Exit(eyes.X, q.X, sourceWidth), Exit(eyes.Y, q.Y, sourceHeight));
            zoom = MathF.Max(zoom, 1 / MathF.Max(t, 1e-3f));
        }

        return zoom;

        // Where, as a fraction of the way from a to b, the coordinate leaves [0, size] (1 when it does not).
        static float Exit(float a, float b, float size) =>
            b < 0 ? a / (a - b) : b > size ? (size - a) / (b - a) : 1;
    }
}

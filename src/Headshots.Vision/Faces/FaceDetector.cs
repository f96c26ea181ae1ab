using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

public sealed record FaceDetectorOptions
{
    public UltraFaceOptions UltraFace { get; init; } = new();

    public BlazeFaceOptions BlazeFace { get; init; } = new();

    /// <summary>
    /// Also run BlazeFace over overlapping tiles of <see cref="SmallFaceTileSize"/> px, finding faces down to about
    /// 30/256 of a tile. Costs one BlazeFace run (≈5 ms) per tile, so it is off for the gate and on for counting faces
    /// in group photos.
    /// </summary>
    public bool SearchSmallFaces { get; init; }

    public int SmallFaceTileSize { get; init; } = 384;

    /// <summary>A second-detector box is a new face only when it overlaps no kept box by more than this IoU.</summary>
    public float MergeIouThreshold { get; init; } = 0.2f;
}

/// <summary>
/// UltraFace first (its boxes match what the landmark model expects), then BlazeFace on the letterboxed image (it keeps
/// the aspect ratio, where UltraFace stretches to 4:3) and optionally on tiles for small faces. A BlazeFace face is added
/// only where UltraFace found nothing, with its box reshaped to UltraFace's proportions.
/// </summary>
public sealed class FaceDetector : IFaceDetector
{
    // BlazeFace boxes run from the brows to the mouth; UltraFace's include the forehead and chin. On the 22 faces both
    // detectors found in the six face-api sample photos, UltraFace's box was on average as wide, 1.25× as tall and
    // centred 0.12 of the BlazeFace height higher.
    private const float BlazeHeightToUltra = 1.25f;
    private const float BlazeCentreShiftUp = 0.12f;
    private readonly UltraFaceDetector _primary;
    private readonly BlazeFaceDetector _secondary;
    private readonly FaceDetectorOptions _options;

    public FaceDetector(UltraFaceDetector primary, BlazeFaceDetector secondary, FaceDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(secondary);
        _primary = primary;
        _secondary = secondary;
        _options = options ?? new FaceDetectorOptions();
    }

    public IReadOnlyList<DetectedFace> DetectFaces(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        // The two detectors are independent model runs on the same (read-only) image. Side by side they take the time
        // of the slower one: 25.6 → 15.5 ms on two cores (docs/benchmarks.md, run 5).
        IReadOnlyList<DetectedFace> primary = [], secondary = [];
        Parallel.Invoke(() => primary = _primary.DetectFaces(image), () => secondary = _secondary.DetectFaces(image));
        var faces = primary.ToList();
        Merge(faces, secondary);
        if (_options.SearchSmallFaces)
        {
            foreach (var tile in Tiles(image.Width, image.Height, _options.SmallFaceTileSize))
            {
                Merge(faces, _secondary.Detect(image, tile));
            }
        }

        return faces.OrderByDescending(f => f.Score).ToList();
    }

    /// <summary>
    /// Faces in a framed portrait, such as an enhanced headshot: UltraFace alone, and BlazeFace only when UltraFace finds
    /// nothing. A headshot frame holds its face large (at most 0.45 of a 4:5 frame's height, and a second face counts for
    /// the gate only at a quarter of that area), which is what UltraFace finds; BlazeFace exists for small faces in group
    /// photos. Skipping it saves about 4 ms of a gate decision (docs/benchmarks.md, run 7).
    /// </summary>
    public IReadOnlyList<DetectedFace> DetectFacesInPortrait(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = _primary.DetectFaces(image);
        return faces.Count > 0 ? faces : _secondary.DetectFaces(image).Select(Reshaped).OrderByDescending(f => f.Score).ToList();
    }

    /// <summary>Square tiles with a quarter overlap covering the image; none when one tile would cover it anyway.</summary>
    internal static IEnumerable<Box> Tiles(int width, int height, int size)
    {
        if (width <= size && height <= size)
        {
            yield break;
        }

        var step = size * 3 / 4;
        for (var y = 0; y < height; y += step)
        {
            for (var x = 0; x < width; x += step)
            {
                yield return new Box(x, y, x + size, y + size);
                if (x + size >= width)
                {
                    break;
                }
            }

            if (y + size >= height)
            {
                break;
            }
        }
    }

    /// <summary>A BlazeFace box reshaped to UltraFace's proportions, which the landmark model expects.</summary>
    private static DetectedFace Reshaped(DetectedFace blazeFace)
    {
        var b = blazeFace.Box;
        return blazeFace with { Box = Box.FromCenter(new Point2(b.Center.X, b.Center.Y - (BlazeCentreShiftUp * b.Height)), b.Width, b.Height * BlazeHeightToUltra) };
    }

    private void Merge(List<DetectedFace> faces, IReadOnlyList<DetectedFace> candidates)
    {
        foreach (var candidate in candidates)
        {
            var reshaped = Reshaped(candidate);
            var isNew = faces.TrueForAll(f => !f.Box.Contains(candidate.Box.Center) && Box.IntersectionOverUnion(f.Box, reshaped.Box) <= _options.MergeIouThreshold);
            if (isNew)
            {
                faces.Add(reshaped);
            }
        }
    }
}

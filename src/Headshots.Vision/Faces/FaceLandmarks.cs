using Headshots.Vision.Geometry;

namespace Headshots.Vision.Faces;

/// <summary>
/// The 68 iBUG-300W landmarks (0-based): 0–16 jaw line (0 on the image's left), 17–26 brows, 27–30 nose bridge,
/// 31–35 nostrils, 36–41 image-left eye, 42–47 image-right eye, 48–67 lips.
/// </summary>
public sealed record FaceLandmarks
{
    public const int Count = 68;

    public FaceLandmarks(IReadOnlyList<Point2> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count != Count)
        {
            throw new ArgumentException($"Expected {Count} landmarks, got {points.Count}.", nameof(points));
        }

        Points = points;
        LeftEye = Mean(points[37], points[38], points[40], points[41]);
        RightEye = Mean(points[43], points[44], points[46], points[47]);
    }

    public IReadOnlyList<Point2> Points { get; }

    /// <summary>Centre of the eye on the image's left (the subject's right eye).</summary>
    public Point2 LeftEye { get; }

    public Point2 RightEye { get; }

    public float InterOcularDistance => Point2.Distance(LeftEye, RightEye);

    /// <summary>
    /// How far the points moved between the landmarker's two passes: mean over the 68 points, in inter-ocular distances.
    /// The model locks onto a human face (it settles), while on other things it keeps sliding; see
    /// <see cref="HumanFaceOptions.MaxLandmarkDrift"/>.
    /// </summary>
    public float Drift { get; init; }

    /// <summary>
    /// The embedding's five alignment points from the 192-px face mesh (<see cref="FaceMeshPoints.FivePoints"/>), which
    /// places them more precisely than this 64-px model; null when the mesh did not find the face. See
    /// <see cref="AlignmentPoints"/>.
    /// </summary>
    public IReadOnlyList<Point2>? MeshFivePoints { get; init; }

    /// <summary>The points the embedding is aligned by: the mesh's where it found the face, otherwise <see cref="FivePoints"/>.</summary>
    public IReadOnlyList<Point2> AlignmentPoints => MeshFivePoints ?? FivePoints();

    /// <summary>The box around the 68 points (jaw, brows, nose, lips).</summary>
    public Box Bounds
    {
        get
        {
            float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
            foreach (var p in Points)
            {
                x1 = MathF.Min(x1, p.X);
                y1 = MathF.Min(y1, p.Y);
                x2 = MathF.Max(x2, p.X);
                y2 = MathF.Max(y2, p.Y);
            }

            return new Box(x1, y1, x2, y2);
        }
    }

    /// <summary>The five points from these 68, in the order of <see cref="FaceEmbedder.ReferencePoints"/>: eyes, nose tip, mouth corners.</summary>
    public Point2[] FivePoints() =>
    [
        LeftEye,
        RightEye,
        Points[30],
        Point2.Midpoint(Points[48], Points[60]),
        Point2.Midpoint(Points[54], Points[64]),
    ];

    private static Point2 Mean(Point2 a, Point2 b, Point2 c, Point2 d) => new((a.X + b.X + c.X + d.X) / 4, (a.Y + b.Y + c.Y + d.Y) / 4);
}

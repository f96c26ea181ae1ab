using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>68-point landmark sets built from a few measurements, for geometry tests that need no face model.</summary>
internal static class SyntheticFaces
{
    /// <summary>
    /// A frontal face centred at <paramref name="centre"/> with eye distance <paramref name="eyeDistance"/>, rolled by
    /// <paramref name="rollDegrees"/> (clockwise on screen, y down). Jaw width = 2.2 × eye distance.
    /// </summary>
    public static FaceLandmarks Face(Point2 centre, float eyeDistance, float rollDegrees = 0)
    {
        var d = eyeDistance;
        var points = new Point2[FaceLandmarks.Count];
        for (var i = 0; i < points.Length; i++)
        {
            // Jaw 0..16 on an arc below the eyes, everything else near the middle of the face.
            points[i] = i <= 16
                ? new Point2(-1.1f * d * MathF.Cos(MathF.PI * i / 16), 0.2f * d + (0.9f * d * MathF.Sin(MathF.PI * i / 16)))
                : new Point2(0, 0.5f * d);
        }

        foreach (var i in new[] { 36, 37, 38, 39, 40, 41 })
        {
            points[i] = new Point2(-d / 2, 0);
        }

        foreach (var i in new[] { 42, 43, 44, 45, 46, 47 })
        {
            points[i] = new Point2(d / 2, 0);
        }

        (points[19], points[24]) = (new Point2(-d / 2, -0.35f * d), new Point2(d / 2, -0.35f * d));
        (points[30], points[31], points[35]) = (new Point2(0, 0.45f * d), new Point2(-0.2f * d, 0.55f * d), new Point2(0.2f * d, 0.55f * d));
        (points[2], points[14]) = (new Point2(-1.05f * d, 0.5f * d), new Point2(1.05f * d, 0.5f * d));

        var angle = rollDegrees * MathF.PI / 180;
        var (cos, sin) = (MathF.Cos(angle), MathF.Sin(angle));
        return new FaceLandmarks(points.Select(p => new Point2(centre.X + (cos * p.X) - (sin * p.Y), centre.Y + (sin * p.X) + (cos * p.Y))).ToList());
    }
}

using Headshots.Vision.Geometry;

namespace Headshots.Vision.Enhancement;

/// <summary>Scan-line polygon fill at pixel centres (even-odd rule) into a mask; ImageSharp 2 has no drawing here.</summary>
internal static class Polygons
{
    public static void Fill(Span<float> mask, int width, int height, ReadOnlySpan<Point2> polygon, float value)
    {
        if (polygon.Length < 3)
        {
            return;
        }

        var minY = float.MaxValue;
        var maxY = float.MinValue;
        foreach (var p in polygon)
        {
            minY = MathF.Min(minY, p.Y);
            maxY = MathF.Max(maxY, p.Y);
        }

        var crossings = new List<float>();
        for (var y = Math.Max(0, (int)MathF.Floor(minY)); y <= Math.Min(height - 1, (int)MathF.Ceiling(maxY)); y++)
        {
            var cy = y + 0.5f;
            crossings.Clear();
            for (var i = 0; i < polygon.Length; i++)
            {
                var a = polygon[i];
                var b = polygon[(i + 1) % polygon.Length];
                if ((a.Y <= cy && b.Y > cy) || (b.Y <= cy && a.Y > cy))
                {
                    crossings.Add(a.X + ((cy - a.Y) / (b.Y - a.Y) * (b.X - a.X)));
                }
            }

            crossings.Sort();
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                var x0 = Math.Max(0, (int)MathF.Ceiling(crossings[k] - 0.5f));
                var x1 = Math.Min(width - 1, (int)MathF.Floor(crossings[k + 1] - 0.5f));
                for (var x = x0; x <= x1; x++)
                {
                    mask[(y * width) + x] = value;
                }
            }
        }
    }

    /// <summary>The outline grown by <paramref name="factor"/> about its centroid (eyes with lashes, brows with stray hairs).</summary>
    public static Point2[] Grow(IReadOnlyList<Point2> points, IReadOnlyList<int> indices, float factor)
    {
        var outline = indices.Select(i => points[i]).ToArray();
        var centre = Point2.Mean(outline);
        return outline.Select(p => centre + ((p - centre) * factor)).ToArray();
    }
}

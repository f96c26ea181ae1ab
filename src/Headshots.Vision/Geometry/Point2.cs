namespace Headshots.Vision.Geometry;

/// <summary>A point in image pixel coordinates (x to the right, y down).</summary>
public readonly record struct Point2(float X, float Y)
{
    public static Point2 operator +(Point2 a, Point2 b) => new(a.X + b.X, a.Y + b.Y);

    public static Point2 operator -(Point2 a, Point2 b) => new(a.X - b.X, a.Y - b.Y);

    public static Point2 operator *(Point2 a, float s) => new(a.X * s, a.Y * s);

    public static float Distance(Point2 a, Point2 b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    public static Point2 Midpoint(Point2 a, Point2 b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);

    public static Point2 Mean(ReadOnlySpan<Point2> points)
    {
        if (points.IsEmpty)
        {
            throw new ArgumentException("At least one point is needed.", nameof(points));
        }

        float x = 0, y = 0;
        foreach (var p in points)
        {
            x += p.X;
            y += p.Y;
        }

        return new Point2(x / points.Length, y / points.Length);
    }

    // Named alternates for the operators (CA2225).
    public static Point2 Add(Point2 a, Point2 b) => a + b;

    public static Point2 Subtract(Point2 a, Point2 b) => a - b;

    public static Point2 Multiply(Point2 a, float s) => a * s;
}

namespace Headshots.Vision.Geometry;

/// <summary>An axis-aligned box in pixels, corners (X1, Y1) top-left and (X2, Y2) bottom-right.</summary>
public readonly record struct Box(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;

    public float Height => Y2 - Y1;

    public float Area => Width > 0 && Height > 0 ? Width * Height : 0;

    public Point2 Center => new((X1 + X2) / 2, (Y1 + Y2) / 2);

    public static Box FromCenter(Point2 center, float width, float height) =>
        new(center.X - (width / 2), center.Y - (height / 2), center.X + (width / 2), center.Y + (height / 2));

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public static float IntersectionOverUnion(Box a, Box b)
    {
        var w = MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1);
        var h = MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var intersection = w * h;
        var union = a.Area + b.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    public bool Contains(Point2 p) => p.X >= X1 && p.X <= X2 && p.Y >= Y1 && p.Y <= Y2;

    /// <summary>This box with each coordinate mapped by x' = x·scale + offset (per axis).</summary>
    public Box Transform(float scaleX, float offsetX, float scaleY, float offsetY) =>
        new((X1 * scaleX) + offsetX, (Y1 * scaleY) + offsetY, (X2 * scaleX) + offsetX, (Y2 * scaleY) + offsetY);
}

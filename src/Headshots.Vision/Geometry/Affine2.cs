namespace Headshots.Vision.Geometry;

/// <summary>
/// A 2-D affine map: x' = M00·x + M01·y + M02, y' = M10·x + M11·y + M12. Used to map destination (tensor) pixels back
/// into the source image, so every crop, resize, letterbox and alignment is one sampling pass.
/// </summary>
public readonly record struct Affine2(float M00, float M01, float M02, float M10, float M11, float M12)
{
    public Point2 Apply(Point2 p) => new((M00 * p.X) + (M01 * p.Y) + M02, (M10 * p.X) + (M11 * p.Y) + M12);

    /// <summary>Maps a <paramref name="width"/>×<paramref name="height"/> destination onto the source rectangle <paramref name="region"/> (stretching).</summary>
    public static Affine2 FromRegion(Box region, int width, int height) =>
        new(region.Width / width, 0, region.X1, 0, region.Height / height, region.Y1);

    /// <summary>How many source pixels one destination pixel covers along its longer side (for choosing a filter).</summary>
    public float MaxScale => MathF.Max(MathF.Sqrt((M00 * M00) + (M10 * M10)), MathF.Sqrt((M01 * M01) + (M11 * M11)));
}

namespace Headshots.Vision.Geometry;

/// <summary>
/// A 2-D similarity (uniform scale, rotation, translation, no reflection): x' = A·x − B·y + Tx, y' = B·x + A·y + Ty,
/// where A = s·cos θ and B = s·sin θ.
/// </summary>
public readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    public float Scale => MathF.Sqrt((A * A) + (B * B));

    public Point2 Apply(Point2 p) => new((A * p.X) - (B * p.Y) + Tx, (B * p.X) + (A * p.Y) + Ty);

    public SimilarityTransform Inverse()
    {
        var d = (A * A) + (B * B);
        if (d == 0)
        {
            throw new InvalidOperationException("A zero-scale transform has no inverse.");
        }

        var ia = A / d;
        var ib = -B / d;
        return new SimilarityTransform(ia, ib, -((ia * Tx) - (ib * Ty)), -((ib * Tx) + (ia * Ty)));
    }

    public Affine2 ToAffine() => new(A, -B, Tx, B, A, Ty);

    /// <summary>
    /// The least-squares similarity mapping <paramref name="source"/> onto <paramref name="target"/> (Umeyama 1991,
    /// restricted to 2-D rotations: in 2-D the optimal rotation and scale have this closed form, and det &gt; 0 holds by construction).
    /// </summary>
    public static SimilarityTransform Estimate(ReadOnlySpan<Point2> source, ReadOnlySpan<Point2> target)
    {
        if (source.Length != target.Length || source.Length < 2)
        {
            throw new ArgumentException("Need at least two corresponding points.", nameof(target));
        }

        var ms = Point2.Mean(source);
        var mt = Point2.Mean(target);
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < source.Length; i++)
        {
            double sx = source[i].X - ms.X, sy = source[i].Y - ms.Y;
            double tx = target[i].X - mt.X, ty = target[i].Y - mt.Y;
            dot += (sx * tx) + (sy * ty);
            cross += (sx * ty) - (sy * tx);
            norm += (sx * sx) + (sy * sy);
        }

        if (norm == 0)
        {
            throw new ArgumentException("The source points all coincide.", nameof(source));
        }

        var a = (float)(dot / norm);
        var b = (float)(cross / norm);
        return new SimilarityTransform(a, b, mt.X - ((a * ms.X) - (b * ms.Y)), mt.Y - ((b * ms.X) + (a * ms.Y)));
    }
}

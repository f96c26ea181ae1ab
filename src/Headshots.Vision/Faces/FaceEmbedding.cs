namespace Headshots.Vision.Faces;

/// <summary>
/// An L2-normalised face embedding; similarity is the cosine (= dot product). Biometric data: store it only with consent
/// and delete it with the photos it came from.
/// </summary>
public sealed class FaceEmbedding
{
    private readonly float[] _values;

    private FaceEmbedding(float[] values) => _values = values;

    public int Dimensions => _values.Length;

    public ReadOnlySpan<float> Values => _values;

    /// <summary>Wraps stored values, normalising them to unit length (stored embeddings may have lost precision).</summary>
    public static FaceEmbedding FromValues(ReadOnlySpan<float> values)
    {
        var copy = values.ToArray();
        Normalise(copy);
        return new FaceEmbedding(copy);
    }

    /// <summary>
    /// The renormalised mean of several embeddings of one person: averaging cancels per-photo nuisance (expression,
    /// lighting), which is why the gate compares candidates with it rather than with any single reference.
    /// </summary>
    public static FaceEmbedding Mean(IReadOnlyCollection<FaceEmbedding> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0)
        {
            throw new ArgumentException("At least one embedding is needed.", nameof(embeddings));
        }

        var dimensions = embeddings.First().Dimensions;
        var sum = new float[dimensions];
        foreach (var e in embeddings)
        {
            if (e.Dimensions != dimensions)
            {
                throw new ArgumentException("Embeddings of different sizes cannot be averaged.", nameof(embeddings));
            }

            for (var i = 0; i < dimensions; i++)
            {
                sum[i] += e._values[i];
            }
        }

        Normalise(sum);
        return new FaceEmbedding(sum);
    }

    /// <summary>Cosine similarity in −1..1; the same person typically scores well above different people.</summary>
    public float CosineSimilarity(FaceEmbedding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimensions != Dimensions)
        {
            throw new ArgumentException("Embeddings of different sizes cannot be compared.", nameof(other));
        }

        return Dot(_values, other._values);
    }

    public float[] ToArray() => (float[])_values.Clone();

    internal static FaceEmbedding TakeOwnership(float[] values)
    {
        Normalise(values);
        return new FaceEmbedding(values);
    }

    private static void Normalise(float[] values)
    {
        var norm = MathF.Sqrt(Dot(values, values));
        if (norm == 0 || !float.IsFinite(norm))
        {
            throw new ArgumentException("An embedding must be a non-zero, finite vector.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= norm;
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

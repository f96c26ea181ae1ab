namespace Headshots.Vision.Faces;

/// <summary>
/// The identity embedding of one face: the outputs of the two identity models, each L2-normalised, back to back —
/// <c>fr_feature</c>'s 512 values (<see cref="FaceEmbedder"/>), then dlib's 128 (<see cref="FaceDescriptor"/>).
/// <see cref="Similarity"/> fuses the two cosines into one identity score. Biometric data: store it only with consent and
/// delete it with the photos it came from.
/// </summary>
public sealed class FaceEmbedding
{
    public const int FeatureLength = 512;

    public const int DescriptorLength = 128;

    public const int Length = FeatureLength + DescriptorLength;

    /// <summary>
    /// Which pipeline computed an embedding: 1 = <c>fr_feature</c> alone, aligned by the 68-point model's five points;
    /// 2 = aligned by the face mesh's (session 4); 3 = <c>fr_feature</c> and dlib together (session 5). Versions do not
    /// agree closely enough to mix (lenna's version-1 and version-2 embeddings score 0.92 against each other; version 3
    /// is longer), so a stored embedding carries its version and an older one is recomputed from the stored photo.
    /// </summary>
    public const int PipelineVersion = 3;

    /// <summary>
    /// What <see cref="Similarity"/> measures: 1 = the cosine of <c>fr_feature</c> alone (pipelines 1 and 2); 2 = the two
    /// models fused (pipeline 3). Thresholds set on one scale mean nothing on another, so stored settings carry it.
    /// </summary>
    public const int SimilarityScale = 2;

    /// <summary>
    /// Mean cosine of different people for each model, on the 741 different-person pairs of ../shared/faces (session 5):
    /// <c>fr_feature</c> 0.010 (sd 0.103), dlib 0.833 (sd 0.037: its descriptors share a common direction). Each cosine is
    /// rescaled so that this mean reads 0 and the same image reads 1, which puts both models on one scale.
    /// </summary>
    internal const float FeatureStrangerCosine = 0.010f;

    internal const float DescriptorStrangerCosine = 0.833f;

    /// <summary>
    /// Weight of <c>fr_feature</c> in the identity score (dlib gets the rest). The two models fail on different pairs:
    /// on ../shared/faces (396 same-person, 741 different-person pairs) each alone leaves 11 same-person pairs at or below
    /// the best-scoring stranger pair (FNMR 2.78 % at FMR 0.1 %), fused they leave 0 at weights 0.25–0.40 and at most 2
    /// (0.51 %) anywhere from 0.20 to 0.50; 0.35 is the middle of that flat stretch, not a tuned optimum (docs/gate.md).
    /// </summary>
    internal const float FeatureWeight = 0.35f;

    private readonly float[] _values;

    private FaceEmbedding(float[] values) => _values = values;

    public int Dimensions => _values.Length;

    /// <summary>All values, as stored: the feature part then the descriptor part.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Wraps stored values, normalising each part to unit length (stored embeddings may have lost precision).</summary>
    /// <exception cref="ArgumentException">Not <see cref="Length"/> values (an embedding from an older version).</exception>
    public static FaceEmbedding FromValues(ReadOnlySpan<float> values)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"An identity embedding has {Length} values; this one has {values.Length} (computed by an older version: recompute it from the photo).", nameof(values));
        }

        var copy = values.ToArray();
        NormaliseParts(copy);
        return new FaceEmbedding(copy);
    }

    /// <summary>Joins the two models' raw outputs, normalising each.</summary>
    public static FaceEmbedding Combine(ReadOnlySpan<float> feature, ReadOnlySpan<float> descriptor)
    {
        if (feature.Length != FeatureLength || descriptor.Length != DescriptorLength)
        {
            throw new ArgumentException($"Need {FeatureLength} feature and {DescriptorLength} descriptor values, got {feature.Length} and {descriptor.Length}.");
        }

        var values = new float[Length];
        feature.CopyTo(values);
        descriptor.CopyTo(values.AsSpan(FeatureLength));
        NormaliseParts(values);
        return new FaceEmbedding(values);
    }

    /// <summary>
    /// The mean of several embeddings of one person, each part renormalised: averaging cancels per-photo nuisance
    /// (expression, lighting), which is why the gate compares candidates with it rather than with any single reference.
    /// </summary>
    public static FaceEmbedding Mean(IReadOnlyCollection<FaceEmbedding> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0)
        {
            throw new ArgumentException("At least one embedding is needed.", nameof(embeddings));
        }

        var sum = new float[Length];
        foreach (var e in embeddings)
        {
            for (var i = 0; i < Length; i++)
            {
                sum[i] += e._values[i];
            }
        }

        NormaliseParts(sum);
        return new FaceEmbedding(sum);
    }

    /// <summary>
    /// The identity score: each model's cosine rescaled so that an average stranger reads 0 and the same image 1, then
    /// <see cref="FeatureWeight"/> of the first plus the rest of the second, kept within −1..1 (the rescaled dlib cosine
    /// of two unrelated vectors would read far below −1; real faces stay above −1). The same person typically scores
    /// 0.5–1, strangers around 0 (docs/gate.md has the distributions).
    /// </summary>
    public float Similarity(FaceEmbedding other) => Math.Clamp(
        (FeatureWeight * Rescale(FeatureCosine(other), FeatureStrangerCosine)) +
        ((1 - FeatureWeight) * Rescale(DescriptorCosine(other), DescriptorStrangerCosine)),
        -1f,
        1f);

    /// <summary>Cosine of the <c>fr_feature</c> parts alone, in −1..1.</summary>
    public float FeatureCosine(FaceEmbedding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Dot(_values.AsSpan(0, FeatureLength), other._values.AsSpan(0, FeatureLength));
    }

    /// <summary>Cosine of the dlib parts alone, in −1..1.</summary>
    public float DescriptorCosine(FaceEmbedding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Dot(_values.AsSpan(FeatureLength), other._values.AsSpan(FeatureLength));
    }

    public float[] ToArray() => (float[])_values.Clone();

    private static float Rescale(float cosine, float strangerCosine) => (cosine - strangerCosine) / (1 - strangerCosine);

    private static void NormaliseParts(float[] values)
    {
        Normalise(values.AsSpan(0, FeatureLength));
        Normalise(values.AsSpan(FeatureLength));
    }

    private static void Normalise(Span<float> values)
    {
        var norm = MathF.Sqrt(Dot(values, values));
        if (norm == 0 || !float.IsFinite(norm))
        {
            throw new ArgumentException("An embedding must be a non-zero, finite vector.", nameof(values));
        }

        foreach (ref var v in values)
        {
            v /= norm;
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

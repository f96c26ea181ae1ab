namespace Headshots.Vision.Authenticity;

/// <summary>A scored pair; Score is −1 when either photo has no face found (a non-match at every threshold).</summary>
public sealed record PairScore(string FileA, string FileB, bool Same, double Score);

public sealed record PairEvaluation(int Images, int FacesFound, int Pairs, VerificationSummary Summary, IReadOnlyList<PairScore> Scores)
{
    /// <summary>
    /// The same measures over the pairs whose two photos both satisfy <paramref name="photoIncluded"/> — e.g. the photos
    /// whose face passes the upload's checks, the only faces the gate ever compares in the product. Null when those pairs
    /// hold no same-person or no different-person pair (nothing to measure).
    /// </summary>
    public VerificationSummary? SummaryWhere(Func<string, bool> photoIncluded)
    {
        ArgumentNullException.ThrowIfNull(photoIncluded);
        var kept = Scores.Where(s => photoIncluded(s.FileA) && photoIncluded(s.FileB)).ToList();
        var genuine = kept.Where(s => s.Same).Select(s => s.Score).ToList();
        var impostor = kept.Where(s => !s.Same).Select(s => s.Score).ToList();
        return genuine.Count == 0 || impostor.Count == 0 ? null : VerificationMetrics.Summarise(genuine, impostor);
    }
}

/// <summary>
/// Refset results. At the configured thresholds: <see cref="Fnmr"/> = genuine trials rejected outright,
/// <see cref="Fmr"/> = impostor trials accepted, <see cref="ReviewRate"/> = trials (both kinds) sent to review;
/// <see cref="GenuineNotAcceptedRate"/> = genuine trials reviewed or rejected. The summary sweeps the same score.
/// </summary>
public sealed record RefsetEvaluation(
    int Trials,
    int Genuine,
    int Impostor,
    double Fnmr,
    double Fmr,
    double ReviewRate,
    double GenuineNotAcceptedRate,
    GateThresholds Thresholds,
    VerificationSummary Summary,
    IReadOnlyList<double> Scores);

/// <summary>Runs calibration sets through the identity score. Images are embedded once each, through the caller's function.</summary>
public static class GateEvaluation
{
    /// <summary>The score of a trial whose face was not found: below every threshold.</summary>
    public const double NoFaceScore = -1;

    public static PairEvaluation EvaluatePairs(IReadOnlyList<LabelledPair> pairs, Func<string, Faces.FaceEmbedding?> embed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var embeddings = EmbedAll(pairs.SelectMany(p => new[] { p.FileA, p.FileB }), embed);
        var scores = pairs.Select(p => new PairScore(p.FileA, p.FileB, p.Same, Score(embeddings[p.FileA], embeddings[p.FileB]))).ToList();
        var summary = VerificationMetrics.Summarise(
            scores.Where(s => s.Same).Select(s => s.Score).ToList(),
            scores.Where(s => !s.Same).Select(s => s.Score).ToList());
        return new PairEvaluation(embeddings.Count, embeddings.Values.Count(e => e is not null), pairs.Count, summary, scores);
    }

    public static RefsetEvaluation EvaluateRefset(IReadOnlyList<RefsetTrial> trials, Func<string, Faces.FaceEmbedding?> embed, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        var embeddings = EmbedAll(trials.SelectMany(t => t.References.Append(t.Candidate)), embed);
        var means = new Dictionary<string, Faces.FaceEmbedding?>(StringComparer.Ordinal);
        var scores = new double[trials.Count];
        for (var i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            var key = string.Join(';', t.References);
            if (!means.TryGetValue(key, out var mean))
            {
                var found = t.References.Select(r => embeddings[r]).OfType<Faces.FaceEmbedding>().ToList();
                mean = found.Count == 0 ? null : Faces.FaceEmbedding.Mean(found);
                means[key] = mean;
            }

            scores[i] = Score(mean, embeddings[t.Candidate]);
        }

        var genuine = trials.Select((t, i) => (t, s: scores[i])).Where(x => x.t.Same).Select(x => x.s).ToList();
        var impostor = trials.Select((t, i) => (t, s: scores[i])).Where(x => !x.t.Same).Select(x => x.s).ToList();
        var review = scores.Count(s => s >= thresholds.ReviewFrom && s < thresholds.AcceptAt);
        return new RefsetEvaluation(
            trials.Count,
            genuine.Count,
            impostor.Count,
            (double)genuine.Count(s => s < thresholds.ReviewFrom) / Math.Max(1, genuine.Count),
            (double)impostor.Count(s => s >= thresholds.AcceptAt) / Math.Max(1, impostor.Count),
            (double)review / Math.Max(1, trials.Count),
            (double)genuine.Count(s => s < thresholds.AcceptAt) / Math.Max(1, genuine.Count),
            thresholds,
            VerificationMetrics.Summarise(genuine, impostor),
            scores);
    }

    private static Dictionary<string, Faces.FaceEmbedding?> EmbedAll(IEnumerable<string> files, Func<string, Faces.FaceEmbedding?> embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var result = new Dictionary<string, Faces.FaceEmbedding?>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!result.ContainsKey(file))
            {
                result[file] = embed(file);
            }
        }

        return result;
    }

    private static double Score(Faces.FaceEmbedding? a, Faces.FaceEmbedding? b) => a is null || b is null ? NoFaceScore : a.Similarity(b);
}

namespace Headshots.Vision.Authenticity;

/// <summary>Error rates at one threshold: a pair matches when its score is at least the threshold.</summary>
public sealed record ThresholdRates(double Threshold, double Fnmr, double Fmr);

/// <summary>The standard verification summary of genuine (same person) and impostor (different people) scores.</summary>
public sealed record VerificationSummary(
    int Genuine,
    int Impostor,
    double Auc,
    double Eer,
    double EerThreshold,
    double FnmrAtFmr1,
    double FnmrAtFmr01,
    IReadOnlyList<ThresholdRates> Thresholds);

/// <summary>
/// ROC arithmetic for calibration (shared by the CLI and the admin calibration page). Conventions: a score at or above
/// the threshold is a match; FMR = impostors matched / impostors; FNMR = genuine not matched / genuine.
/// </summary>
public static class VerificationMetrics
{
    /// <summary>The thresholds every report lists: 0.20 to 0.80 in steps of 0.05.</summary>
    public static IReadOnlyList<double> StandardSweep { get; } = Enumerable.Range(0, 13).Select(i => Math.Round(0.20 + (0.05 * i), 2)).ToArray();

    public static VerificationSummary Summarise(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor)
    {
        Require(genuine, impostor);
        var (eer, eerThreshold) = EqualErrorRate(genuine, impostor);
        return new VerificationSummary(
            genuine.Count,
            impostor.Count,
            Auc(genuine, impostor),
            eer,
            eerThreshold,
            FnmrAtFmr(genuine, impostor, 0.01).Fnmr,
            FnmrAtFmr(genuine, impostor, 0.001).Fnmr,
            StandardSweep.Select(t => RatesAt(genuine, impostor, t)).ToList());
    }

    public static ThresholdRates RatesAt(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor, double threshold)
    {
        Require(genuine, impostor);
        return new ThresholdRates(threshold, (double)genuine.Count(s => s < threshold) / genuine.Count, (double)impostor.Count(s => s >= threshold) / impostor.Count);
    }

    /// <summary>Probability that a random genuine score beats a random impostor score, ties counting half (Mann–Whitney).</summary>
    public static double Auc(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor)
    {
        Require(genuine, impostor);
        var sortedImpostor = impostor.Order().ToArray();
        double wins = 0;
        foreach (var g in genuine)
        {
            var below = LowerBound(sortedImpostor, g);
            var notAbove = UpperBound(sortedImpostor, g);
            wins += below + ((notAbove - below) / 2.0);
        }

        return wins / ((double)genuine.Count * impostor.Count);
    }

    /// <summary>
    /// The error rate where FMR and FNMR meet. Candidate thresholds are the observed scores; where the rates jump past
    /// each other the EER is the mean of the two at the threshold where they are closest.
    /// </summary>
    public static (double Eer, double Threshold) EqualErrorRate(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor)
    {
        Require(genuine, impostor);
        var sortedGenuine = genuine.Order().ToArray();
        var sortedImpostor = impostor.Order().ToArray();
        var best = (Gap: double.MaxValue, Eer: 1.0, Threshold: 0.0);
        foreach (var t in genuine.Concat(impostor).Append(double.PositiveInfinity).Distinct().Order())
        {
            var fnmr = (double)LowerBound(sortedGenuine, t) / sortedGenuine.Length;
            var fmr = (double)(sortedImpostor.Length - LowerBound(sortedImpostor, t)) / sortedImpostor.Length;
            var gap = Math.Abs(fmr - fnmr);
            if (gap < best.Gap)
            {
                best = (gap, (fmr + fnmr) / 2, t);
            }
        }

        return (best.Eer, best.Threshold);
    }

    /// <summary>
    /// The lowest FNMR at which FMR does not exceed <paramref name="targetFmr"/>: the threshold sits just above the
    /// impostor score that would be one false match too many.
    /// </summary>
    public static ThresholdRates FnmrAtFmr(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor, double targetFmr)
    {
        Require(genuine, impostor);
        var descending = impostor.OrderDescending().ToArray();
        var allowed = (int)Math.Floor((targetFmr * descending.Length) + 1e-9);
        if (allowed >= descending.Length)
        {
            return new ThresholdRates(double.NegativeInfinity, 0, 1);
        }

        var threshold = Math.BitIncrement(descending[allowed]);
        return RatesAt(genuine, impostor, threshold);
    }

    private static void Require(IReadOnlyList<double> genuine, IReadOnlyList<double> impostor)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            throw new ArgumentException("Need at least one genuine and one impostor score.");
        }
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

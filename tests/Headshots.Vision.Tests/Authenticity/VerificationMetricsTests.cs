using Headshots.Vision.Authenticity;

namespace Headshots.Vision.Tests.Authenticity;

public sealed class VerificationMetricsTests
{
    [Fact]
    public void Perfectly_separated_scores_give_auc_one_and_eer_zero()
    {
        double[] genuine = [0.9, 0.8, 0.7];
        double[] impostor = [0.1, 0.2, 0.3, 0.4];

        var s = VerificationMetrics.Summarise(genuine, impostor);

        Assert.Equal(1, s.Auc);
        Assert.Equal(0, s.Eer);
        Assert.InRange(s.EerThreshold, 0.4 + 1e-12, 0.7);
        Assert.Equal(0, s.FnmrAtFmr1);
        Assert.Equal(0, s.FnmrAtFmr01);
    }

    [Fact]
    public void Auc_counts_pairwise_wins_and_half_ties()
    {
        // Genuine 0.5 beats 0.2, ties 0.5 (½), loses to 0.8: 1.5 / 3; genuine 0.9 beats all three: 3 / 3.
        Assert.Equal(4.5 / 6, VerificationMetrics.Auc([0.5, 0.9], [0.2, 0.5, 0.8]), 12);
    }

    [Fact]
    public void Eer_is_where_false_matches_and_false_non_matches_meet()
    {
        // Ten of each; one genuine below and one impostor above the crossing: both rates are 10 % at threshold 0.5.
        double[] genuine = [0.45, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99];
        double[] impostor = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.42, 0.55];

        var (eer, threshold) = VerificationMetrics.EqualErrorRate(genuine, impostor);

        Assert.Equal(0.1, eer, 12);
        Assert.InRange(threshold, 0.45 + 1e-12, 0.55);
    }

    [Fact]
    public void Fnmr_at_fmr_puts_the_threshold_just_above_the_impostor_that_would_be_one_too_many()
    {
        var impostor = Enumerable.Range(0, 1000).Select(i => i / 2000.0).ToList(); // 0 … 0.4995
        double[] genuine = [0.4995, 0.497, 0.49, 0.6, 0.7];

        var at01 = VerificationMetrics.FnmrAtFmr(genuine, impostor, 0.001); // one false match allowed
        var at1 = VerificationMetrics.FnmrAtFmr(genuine, impostor, 0.01);   // ten allowed

        Assert.True(at01.Fmr <= 0.001 && at1.Fmr <= 0.01);
        Assert.Equal(0.4, at01.Fnmr, 12); // threshold just over 0.4990: 0.497 and 0.49 fall below
        Assert.Equal(0.2, at1.Fnmr, 12); // threshold just over 0.4945: only 0.49 falls below
    }

    [Fact]
    public void The_standard_sweep_runs_from_0_20_to_0_80_in_steps_of_0_05()
    {
        var sweep = VerificationMetrics.Summarise([0.5], [0.3]).Thresholds;

        Assert.Equal(13, sweep.Count);
        Assert.Equal(0.20, sweep[0].Threshold);
        Assert.Equal(0.80, sweep[^1].Threshold);
        var at035 = sweep.Single(r => r.Threshold == 0.35);
        Assert.Equal((0.0, 0.0), (at035.Fnmr, at035.Fmr));
        var at030 = sweep.Single(r => r.Threshold == 0.30);
        Assert.Equal(1.0, at030.Fmr); // a score equal to the threshold matches
    }

    [Fact]
    public void Empty_score_lists_are_refused()
    {
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Summarise([], [0.1]));
    }
}

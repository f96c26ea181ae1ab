using Headshots.Vision.Authenticity;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

/// <summary>Stage names used in timings, progress reports and notes.</summary>
public static class StageNames
{
    public const string Analysis = "analysis";
    public const string Framing = "framing";
    public const string Segmentation = "segmentation";
    public const string Matte = "matte";
    public const string SuperResolution = "superResolution";
    public const string Restorers = "restorers";
    public const string FaceMesh = "faceMesh";
    public const string Retouch = "retouch";
    public const string Light = "light";
    public const string Background = "background";
    public const string Gate = "gate";
}

/// <summary>Reported after every stage: which attempt (0 = shared preparation), which stage, how long it took.</summary>
public sealed record EnhancementProgress(int Attempt, string Stage, double Milliseconds);

/// <summary>One render and the gate's verdict on it.</summary>
public sealed record EnhancementAttempt(
    int Number,
    float Strength,
    StageStrengths Strengths,
    GateVerdict Verdict,
    GateScores Scores,
    IReadOnlyList<GateReason> Reasons,
    IReadOnlyDictionary<string, double> StageMs);

/// <summary>What a render request asks for.</summary>
public sealed record EnhancementRequest
{
    public HeadshotStyle Style { get; init; } = HeadshotStyles.Default;

    public Intensity Intensity { get; init; } = Intensity.Standard;

    public GateThresholds Thresholds { get; init; } = GateThresholds.Default;
}

/// <summary>
/// The outcome of one headshot job. <see cref="Output"/> is the chosen attempt's image: the first the gate accepted, else
/// the best verdict (the least-enhanced on ties). When every attempt was rejected there is no output at all.
/// </summary>
public sealed class EnhancementResult : IDisposable
{
    internal EnhancementResult(
        Image<Rgb24>? output,
        GateDecision decision,
        EnhancementRequest request,
        IReadOnlyList<EnhancementAttempt> attempts,
        IReadOnlyDictionary<string, double> stageMs,
        IReadOnlyDictionary<string, long> stageFlops,
        double totalMs,
        IReadOnlyList<string> notes,
        IReadOnlyList<string> modelIds)
    {
        Output = output;
        Decision = decision;
        Request = request;
        Attempts = attempts;
        StageMs = stageMs;
        StageFlops = stageFlops;
        TotalMs = totalMs;
        Notes = notes;
        ModelIds = modelIds;
    }

    /// <summary>Null when the gate rejected every attempt: a rejected image is never handed out.</summary>
    public Image<Rgb24>? Output { get; }

    /// <summary>The gate's decision on <see cref="Output"/> (or on the last attempt when all were rejected).</summary>
    public GateDecision Decision { get; }

    public GateVerdict Verdict => Decision.Verdict;

    /// <summary>True only when the gate accepted the output; Review needs a person before anyone sees it as final.</summary>
    public bool Passed => Output is not null && Decision.Verdict == GateVerdict.Accept;

    public EnhancementRequest Request { get; }

    public IReadOnlyList<EnhancementAttempt> Attempts { get; }

    /// <summary>Milliseconds per stage over the whole job (all attempts).</summary>
    public IReadOnlyDictionary<string, double> StageMs { get; }

    /// <summary>
    /// Floating-point operations the stages' own pixel kernels executed over the whole job (framing, matte, background,
    /// retouch, light), counted by the convention on FlopTally. Model inference is not in it: the benchmarks count model
    /// stages from their graphs. A stage that ran no counted kernel has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, long> StageFlops { get; }

    public double TotalMs { get; }

    /// <summary>Stages skipped and why (a model missing, no face mesh found), for the job log.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Enhancement models that shaped the output (segmentation, super-resolution, mesh, restorers).</summary>
    public IReadOnlyList<string> ModelIds { get; }

    /// <summary>The output encoded with our provenance metadata only. Throws when there is no output (all attempts rejected).</summary>
    public byte[] Encode(HeadshotFormat format, Guid? headshotId = null)
    {
        var image = Output ?? throw new InvalidOperationException("Every attempt was rejected by the authenticity gate; there is no output to encode.");
        return HeadshotEncoder.Encode(image, format, Provenance.From(this) with { HeadshotId = headshotId });
    }

    public void Dispose() => Output?.Dispose();
}

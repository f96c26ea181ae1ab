using System.Text.Json;

namespace Headshots.Vision.Enhancement;

/// <summary>Which stages run. Framing and background are the minimal headshot; the gate is not a stage and always runs.</summary>
public sealed record EnhancementStages
{
    public bool Framing { get; init; } = true;

    public bool Background { get; init; } = true;

    public bool Restoration { get; init; } = true;

    public bool Retouch { get; init; } = true;

    public bool Light { get; init; } = true;
}

/// <summary>Everything configurable about the pipeline; bind it from configuration or load it from JSON.</summary>
public sealed record EnhancementOptions
{
    public EnhancementStages Stages { get; init; } = new();

    public FramingOptions Framing { get; init; } = new();

    public MatteOptions Matte { get; init; } = new();

    public RetouchOptions Retouch { get; init; } = new();

    public LightOptions Light { get; init; } = new();

    /// <summary>Person segmentation: MediaPipe selfie segmentation, or <see cref="BuiltInModels.U2Netp"/> (or any model with such a descriptor).</summary>
    public ModelDescriptor Segmentation { get; init; } = BuiltInModels.SelfieSegmentation;

    /// <summary>Super-resolution for small faces; null turns it off.</summary>
    public ModelDescriptor? SuperResolution { get; init; } = BuiltInModels.SuperResolution;

    /// <summary>
    /// Super-resolution runs only when the frame enlarges source pixels by more than this: up to 1.5× plain resampling
    /// still looks sharp at viewing size, and the model costs about a second per 256² of face region on 2 cores.
    /// </summary>
    public float SuperResolutionFromUpscale { get; init; } = 1.5f;

    /// <summary>Extra restoration models added by the operator (e.g. GFPGAN), applied in order with the restoration strength.</summary>
    public IReadOnlyList<ModelDescriptor> Restorers { get; init; } = [];

    /// <summary>
    /// Strength factors tried in order until the gate accepts. The last must be 0: the minimal version (framing and
    /// background only) is always the final attempt.
    /// </summary>
    public IReadOnlyList<float> AttemptFactors { get; init; } = [1f, 0.5f, 0f];

    public static EnhancementOptions FromJson(string json)
    {
        var options = JsonSerializer.Deserialize<EnhancementOptions>(json, ModelDescriptor.JsonOptions)
            ?? throw new ArgumentException("The enhancement configuration is empty.", nameof(json));
        options.Validate();
        return options;
    }

    public void Validate()
    {
        Segmentation.Validate();
        SuperResolution?.Validate();
        foreach (var restorer in Restorers)
        {
            restorer.Validate();
        }

        if (AttemptFactors.Count == 0 || AttemptFactors[^1] != 0 || AttemptFactors.Any(f => f is < 0 or > 1))
        {
            throw new ArgumentException("attemptFactors must be in 0..1 and end with 0 (the minimal version).");
        }

        if (Segmentation.OutputChannels != 1 || SuperResolution is { OutputChannels: not 3 })
        {
            throw new ArgumentException("The segmentation model must give one channel and the super-resolution model three.");
        }
    }
}

namespace Headshots.Vision.Imaging;

/// <summary>Limits checked before any pixel is decoded. A 12 MP phone JPEG is 3-8 MB; 40 MP covers any camera a job seeker has.</summary>
public sealed record ImageLoadOptions
{
    public long MaxBytes { get; init; } = 15L * 1024 * 1024;

    /// <summary>Width × height; a 40 MP image decodes to 120 MB of RGB, the most one upload may cost.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Longest allowed side, which also rules out extreme strips (1 × 8,000,000) that pass the pixel budget.</summary>
    public int MaxSide { get; init; } = 8000;
}

namespace Headshots.Vision.Enhancement;

/// <summary>
/// Floating-point operations executed by the pixel kernels of one enhancement job, so their time can be read against
/// the machine's arithmetic rate the way the model stages are. Each kernel adds its count once per call, from its own
/// loop bounds and a per-iteration constant kept next to the loop; the tally itself is never touched per pixel.
/// </summary>
/// <remarks>
/// The convention, for every kernel: each float or double add, subtract, multiply, divide, min, max, square root and exp
/// counts 1, and a clamp counts 2 (a min and a max). Not counted: comparisons that only choose a branch, rounding
/// (floor) and conversions between integers and floats, integer index arithmetic, memory moves, and work done once per
/// call outside the pixel loops (planning, constants, 256-bin histogram percentiles: well under 0.1 % of any stage).
/// Where a branch skips a pixel's arithmetic, the loop counts the pixels that took it in a local integer and the kernel
/// adds ops × that count at the end.
/// </remarks>
internal sealed class FlopTally
{
    // Interlocked so that a kernel split over threads could add from each of them without losing counts.
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(long flops) => Interlocked.Add(ref _count, flops);
}

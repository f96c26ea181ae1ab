using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;

namespace Headshots.Vision.Enhancement;

public sealed record LightOptions
{
    /// <summary>
    /// Largest white-balance gain per channel at strength 1 (±6 %). Grey-world is a rough estimate of the light's colour;
    /// correcting only half of it, within this bound, fixes a clear cast without repainting the person.
    /// </summary>
    public float MaxWhiteBalanceGain { get; init; } = 0.06f;

    /// <summary>The darkest 1 % of the subject may be pulled down to black by at most this much (0..1 units).</summary>
    public float MaxBlackPoint { get; init; } = 0.05f;

    /// <summary>The brightest 1 % of the subject may be brightened to white by a gain of at most 1 / this.</summary>
    public float MinWhitePoint { get; init; } = 0.85f;

    /// <summary>
    /// Largest median ΔE*ab the correction may cause on the skin patches (cheeks, forehead) — half of the gate's review
    /// threshold of 12, so that light and colour alone never send an output to review; the correction is scaled down until
    /// it fits.
    /// </summary>
    public double MaxSkinDeltaE { get; init; } = 6;
}

/// <summary>A per-pixel colour map: white-balance gains, then a levels stretch, blended by strength.</summary>
internal readonly record struct ColourCorrection(float GainR, float GainG, float GainB, float Black, float White)
{
    public static ColourCorrection Identity => new(1, 1, 1, 0, 1);

    public ColourCorrection Scaled(float k) =>
        new(1 + ((GainR - 1) * k), 1 + ((GainG - 1) * k), 1 + ((GainB - 1) * k), Black * k, 1 - ((1 - White) * k));

    /// <summary>FLOPs of one <see cref="Apply"/>: the range (1) and per channel a product, a difference, a division and a clamp (5).</summary>
    public const int ApplyFlops = 1 + (3 * 5);

    public void Apply(ref float r, ref float g, ref float b)
    {
        var range = White - Black;
        r = Math.Clamp(((r * GainR) - Black) / range, 0, 1);
        g = Math.Clamp(((g * GainG) - Black) / range, 0, 1);
        b = Math.Clamp(((b * GainB) - Black) / range, 0, 1);
    }
}

/// <summary>
/// Gentle white balance and exposure/contrast normalisation measured on the subject, never aimed at a target skin colour
/// (that would lighten or darken people's complexions), and bounded by a skin-tone budget checked on the same patches the
/// gate measures.
/// </summary>
internal static class LightAndColour
{
    public static ColourCorrection Plan(
        PlanarImage canvas,
        float[] alpha,
        FaceLandmarks landmarks,
        float strength,
        LightOptions options,
        out double skinDeltaE,
        FlopTally? flops = null)
    {
        skinDeltaE = 0;
        if (strength <= 0)
        {
            return ColourCorrection.Identity;
        }

        var n = canvas.PixelCount;
        double sr = 0, sg = 0, sb = 0, total = 0;
        var histogram = new double[256];

        // Per subject pixel: luma (5), its bin (a product) and weight (a sum), the brightest channel (two maxes); per
        // unclipped one the weighted colour sums and the total (7).
        const int subjectFlopsPerPixel = 5 + 2 + 2;
        const int unclippedFlopsPerPixel = 7;
        long subjectPixels = 0, unclippedPixels = 0;
        for (var i = 0; i < n; i++)
        {
            var a = alpha[i];
            if (a < 0.5f)
            {
                continue;
            }

            subjectPixels++;
            float r = canvas.Data[i], g = canvas.Data[n + i], b = canvas.Data[(2 * n) + i];
            var luma = (0.299f * r) + (0.587f * g) + (0.114f * b);
            histogram[Math.Clamp((int)(luma * 255), 0, 255)] += a;

            // Clipped highlights carry no colour information about the light.
            if (MathF.Max(r, MathF.Max(g, b)) < 0.95f)
            {
                unclippedPixels++;
                sr += a * r;
                sg += a * g;
                sb += a * b;
                total += a;
            }
        }

        flops?.Add((subjectFlopsPerPixel * subjectPixels) + (unclippedFlopsPerPixel * unclippedPixels));
        if (total <= 0)
        {
            return ColourCorrection.Identity;
        }

        var grey = (sr + sg + sb) / 3;
        var limit = options.MaxWhiteBalanceGain;
        float Gain(double channel) => 1 + Math.Clamp((float)((grey / channel) - 1) * 0.5f, -limit, limit);
        var black = MathF.Min(Percentile(histogram, 0.01), options.MaxBlackPoint);
        var white = MathF.Max(Percentile(histogram, 0.99), options.MinWhitePoint);
        var full = new ColourCorrection(Gain(sr), Gain(sg), Gain(sb), black, MathF.Max(white, black + 0.5f)).Scaled(strength);

        // Bound the skin-tone change: halve the correction until the skin patches move less than the budget.
        var patches = SkinPatchPixels(canvas, landmarks);
        var before = MeanLab(patches, ColourCorrection.Identity, flops);
        var k = 1f;
        for (var step = 0; step < 8; step++)
        {
            skinDeltaE = Cielab.DeltaE76(before, MeanLab(patches, full.Scaled(k), flops));
            if (skinDeltaE <= options.MaxSkinDeltaE)
            {
                return full.Scaled(k);
            }

            k *= 0.5f;
        }

        skinDeltaE = 0;
        return ColourCorrection.Identity;
    }

    public static void Apply(PlanarImage canvas, ColourCorrection correction, FlopTally? flops = null)
    {
        var n = canvas.PixelCount;
        flops?.Add(ColourCorrection.ApplyFlops * (long)n);
        for (var i = 0; i < n; i++)
        {
            float r = canvas.Data[i], g = canvas.Data[n + i], b = canvas.Data[(2 * n) + i];
            correction.Apply(ref r, ref g, ref b);
            canvas.Data[i] = r;
            canvas.Data[n + i] = g;
            canvas.Data[(2 * n) + i] = b;
        }
    }

    /// <summary>Pixels of the gate's three skin patches (both cheeks, forehead; squares of 0.3 × the eye distance).</summary>
    internal static List<(float R, float G, float B)> SkinPatchPixels(PlanarImage canvas, FaceLandmarks landmarks)
    {
        var p = landmarks.Points;
        var iod = landmarks.InterOcularDistance;
        var browMid = Point2.Midpoint(p[19], p[24]);
        var up = browMid - p[30];
        var upLength = MathF.Max(1e-3f, MathF.Sqrt((up.X * up.X) + (up.Y * up.Y)));
        Point2[] centres = [Point2.Mean([p[41], p[31], p[2]]), Point2.Mean([p[46], p[35], p[14]]), browMid + (up * (0.3f * iod / upLength))];
        var half = Math.Max(1, (int)(0.15f * iod));
        var n = canvas.PixelCount;
        var pixels = new List<(float, float, float)>();
        foreach (var c in centres)
        {
            for (var y = (int)c.Y - half; y <= (int)c.Y + half; y++)
            {
                for (var x = (int)c.X - half; x <= (int)c.X + half; x++)
                {
                    if ((uint)x < (uint)canvas.Width && (uint)y < (uint)canvas.Height)
                    {
                        var i = (y * canvas.Width) + x;
                        pixels.Add((canvas.Data[i], canvas.Data[n + i], canvas.Data[(2 * n) + i]));
                    }
                }
            }
        }

        return pixels;
    }

    private static Cielab MeanLab(List<(float R, float G, float B)> pixels, ColourCorrection correction, FlopTally? flops)
    {
        // Per pixel: the correction and three sums.
        const int flopsPerPixel = ColourCorrection.ApplyFlops + 3;
        flops?.Add(flopsPerPixel * (long)pixels.Count);
        double r = 0, g = 0, b = 0;
        foreach (var p in pixels)
        {
            var (pr, pg, pb) = p;
            correction.Apply(ref pr, ref pg, ref pb);
            r += pr;
            g += pg;
            b += pb;
        }

        var count = Math.Max(1, pixels.Count);
        return Cielab.FromSrgb(255 * r / count, 255 * g / count, 255 * b / count);
    }

    private static float Percentile(double[] histogram, double q)
    {
        var total = histogram.Sum();
        double running = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            running += histogram[i];
            if (running >= q * total)
            {
                return (i + 0.5f) / 256;
            }
        }

        return 1;
    }
}

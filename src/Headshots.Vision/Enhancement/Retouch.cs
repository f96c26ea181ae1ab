using Headshots.Vision.Faces;

namespace Headshots.Vision.Enhancement;

public sealed record RetouchOptions
{
    /// <summary>
    /// Radius of the smoothing window as a share of the eye distance. Blemishes and uneven patches are 1–4 % of a face's
    /// width; the window must be clearly wider than the blemish or the smooth layer keeps it: with 6 % a 4 %-wide
    /// synthetic blemish kept half its depth, with 10 % (a window ≈ 9 % of the face width) it loses 62 % of it
    /// (RetouchTests), while the guided filter's local linear fit keeps the cheek's shading.
    /// </summary>
    public float SmoothingRadius { get; init; } = 0.10f;

    /// <summary>
    /// Guided-filter ε: contrasts below about √ε (10 % for 0.01) are smoothed, stronger edges are kept. Blemishes are
    /// typically 5–10 % darker or redder than the skin around them; at 0.004 (6 %) a synthetic 8 % blemish kept over half its
    /// depth (RetouchTests). Eyes, brows, lips and nostrils, the strong edges of a face, are outside the skin mask anyway.
    /// </summary>
    public float Epsilon { get; init; } = 0.01f;

    /// <summary>
    /// Share of the mid-frequency band (blemishes, blotches) removed at strength 1. Never 1: some unevenness is part of
    /// how a real face looks.
    /// </summary>
    public float BlemishReduction { get; init; } = 0.75f;

    /// <summary>Share of the shine above the skin's typical brightness removed at strength 1.</summary>
    public float ShineReduction { get; init; } = 0.5f;
}

/// <summary>
/// Skin retouch by frequency separation inside a skin mask: the finest band (pores, stubble, fine lines ≤ 1 px) is kept
/// as it is, the middle band (blemishes, blotches) is reduced, and shine is pulled down towards the skin's own level.
/// Pixels move in colour only; no pixel moves in position, so nothing is reshaped.
/// </summary>
internal static class Retouch
{
    /// <summary>
    /// Face oval minus grown eyes, brows and lips from the mesh, minus the nostrils from the 68 landmarks, feathered, and
    /// weighted by how close each pixel's chroma is to the skin's median chroma (glasses, hair strands and beards drop out).
    /// </summary>
    public static float[] SkinMask(PlanarImage canvas, FaceMeshPoints mesh, FaceLandmarks landmarks)
    {
        int w = canvas.Width, h = canvas.Height;
        var mask = new float[w * h];
        var p = mesh.Points;
        Polygons.Fill(mask, w, h, FaceMeshRegions.FaceOval.Select(i => p[i]).ToArray(), 1);
        Polygons.Fill(mask, w, h, Polygons.Grow(p, FaceMeshRegions.RightEye, 1.6f), 0);
        Polygons.Fill(mask, w, h, Polygons.Grow(p, FaceMeshRegions.LeftEye, 1.6f), 0);
        Polygons.Fill(mask, w, h, Polygons.Grow(p, FaceMeshRegions.RightBrow, 1.3f), 0);
        Polygons.Fill(mask, w, h, Polygons.Grow(p, FaceMeshRegions.LeftBrow, 1.3f), 0);
        Polygons.Fill(mask, w, h, Polygons.Grow(p, FaceMeshRegions.Lips, 1.15f), 0);
        Polygons.Fill(mask, w, h, Polygons.Grow(landmarks.Points, [31, 32, 33, 34, 35, 30], 1.35f), 0);

        var feather = Math.Max(1, (int)(0.04f * landmarks.InterOcularDistance));
        Filters.SoftBlur(mask, w, h, feather);

        // Median chroma of confidently-skin pixels; then a soft Gaussian weight on the chroma distance (σ = 0.035 in
        // 0..1 Cb/Cr units separates skin from hair, lips and most glasses frames across skin tones).
        var n = w * h;
        var cb = new List<float>();
        var cr = new List<float>();
        for (var i = 0; i < n; i++)
        {
            if (mask[i] > 0.9f)
            {
                var (b, r) = Chroma(canvas, i, n);
                cb.Add(b);
                cr.Add(r);
            }
        }

        if (cb.Count == 0)
        {
            return mask;
        }

        cb.Sort();
        cr.Sort();
        var mb = cb[cb.Count / 2];
        var mr = cr[cr.Count / 2];
        for (var i = 0; i < n; i++)
        {
            if (mask[i] > 0)
            {
                var (b, r) = Chroma(canvas, i, n);
                var d2 = ((b - mb) * (b - mb)) + ((r - mr) * (r - mr));
                mask[i] *= MathF.Exp(-d2 / (2 * 0.035f * 0.035f));
            }
        }

        return mask;
    }

    public static void Apply(PlanarImage canvas, float[] skin, float interOcular, float strength, RetouchOptions options, FlopTally? flops = null)
    {
        if (strength <= 0)
        {
            return;
        }

        // Work on the mask's bounding box only: the face is a small part of the frame.
        var region = Bounds(skin, canvas.Width, canvas.Height);
        if (region is not { } r)
        {
            return;
        }

        var (x0, y0, rw, rh) = r;
        var n = rw * rh;
        var radius = Math.Max(2, (int)(options.SmoothingRadius * interOcular));
        var eps = options.Epsilon * strength;
        var planes = new float[3][];
        var low = new float[3][];
        for (var c = 0; c < 3; c++)
        {
            planes[c] = Crop(canvas.Plane(c), canvas.Width, x0, y0, rw, rh);
            low[c] = Filters.Guided(planes[c], planes[c], rw, rh, radius, eps, flops);
        }

        // Per pixel: the smooth layer's luma (three products, two sums).
        const int lumaFlopsPerPixel = 5;
        flops?.Add(lumaFlopsPerPixel * (long)n);
        var lowLuma = new float[n];
        var weights = new List<(float Luma, float Weight)>();
        for (var i = 0; i < n; i++)
        {
            lowLuma[i] = (0.299f * low[0][i]) + (0.587f * low[1][i]) + (0.114f * low[2][i]);
            var s = skin[((y0 + (i / rw)) * canvas.Width) + x0 + (i % rw)];
            if (s > 0.5f)
            {
                weights.Add((lowLuma[i], s));
            }
        }

        weights.Sort((a, b) => a.Luma.CompareTo(b.Luma));
        var typical = weights.Count > 0 ? weights[weights.Count / 2].Luma : 1f;

        var fine = new float[n];
        var keepMid = 1 - (options.BlemishReduction * strength);

        // Per skin pixel and channel: shine (a sum, a difference, a max, two products: 5), smooth (a product, and where the
        // luma is above 0 a difference and a division: 1 + 2), the bands recombined (5), and the masked blend with a
        // clamp (5).
        const int skinFlopsPerValue = 5 + 1 + 5 + 5;
        const int litFlopsPerValue = 2;
        long skinValues = 0, litValues = 0;
        for (var c = 0; c < 3; c++)
        {
            Filters.BoxMean(planes[c], fine, rw, rh, 1, flops);
            var target = canvas.Plane(c);
            for (var i = 0; i < n; i++)
            {
                var index = ((y0 + (i / rw)) * canvas.Width) + x0 + (i % rw);
                var m = skin[index];
                if (m <= 0)
                {
                    continue;
                }

                skinValues++;
                litValues += lowLuma[i] > 0 ? 1 : 0;

                // Shine: the smooth layer's brightness above the skin's median + 0.08 (a highlight, not skin tone).
                var shine = MathF.Max(0, lowLuma[i] - (typical + 0.08f)) * options.ShineReduction * strength;
                var smooth = low[c][i] * (lowLuma[i] > 0 ? (lowLuma[i] - shine) / lowLuma[i] : 1);
                var result = smooth + (keepMid * (fine[i] - low[c][i])) + (planes[c][i] - fine[i]);
                target[index] += m * (Math.Clamp(result, 0, 1) - target[index]);
            }
        }

        flops?.Add((skinFlopsPerValue * skinValues) + (litFlopsPerValue * litValues));
    }

    private static (float Cb, float Cr) Chroma(PlanarImage canvas, int i, int n)
    {
        float r = canvas.Data[i], g = canvas.Data[n + i], b = canvas.Data[(2 * n) + i];
        var y = (0.299f * r) + (0.587f * g) + (0.114f * b);
        return (0.564f * (b - y), 0.713f * (r - y));
    }

    private static (int X, int Y, int Width, int Height)? Bounds(float[] mask, int width, int height)
    {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[(y * width) + x] > 0)
                {
                    minX = Math.Min(minX, x);
                    maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        return maxX < 0 ? null : (minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static float[] Crop(ReadOnlySpan<float> plane, int width, int x0, int y0, int w, int h)
    {
        var result = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            plane.Slice(((y0 + y) * width) + x0, w).CopyTo(result.AsSpan(y * w, w));
        }

        return result;
    }
}

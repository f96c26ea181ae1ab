namespace Headshots.Vision.Enhancement;

/// <summary>
/// Separable O(1)-per-pixel box mean and the guided filter built on it. The window is clipped at the image border and
/// divided by the pixels it actually covers, so borders are not darkened.
/// </summary>
internal static class Filters
{
    /// <summary>Mean over the (2r+1)² window around each pixel. <paramref name="source"/> and <paramref name="destination"/> may be the same array.</summary>
    public static void BoxMean(ReadOnlySpan<float> source, Span<float> destination, int width, int height, int radius, FlopTally? flops = null)
    {
        if (radius <= 0)
        {
            source.CopyTo(destination);
            return;
        }

        flops?.Add(BoxMeanFlops(width, height, radius));

        var rows = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            RowMean(source.Slice(y * width, width), rows.AsSpan(y * width, width), radius);
        }

        // Vertical pass as running sums of whole rows: streams through memory instead of striding down columns.
        var sum = new double[width];
        var last = Math.Min(radius, height - 1);
        for (var y = 0; y <= last; y++)
        {
            AddRow(sum, rows.AsSpan(y * width, width), 1);
        }

        for (var y = 0; y < height; y++)
        {
            var count = Math.Min(y + radius, height - 1) - Math.Max(y - radius, 0) + 1;
            var inverse = 1.0 / count;
            var target = destination.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                target[x] = (float)(sum[x] * inverse);
            }

            if (y + radius + 1 < height)
            {
                AddRow(sum, rows.AsSpan((y + radius + 1) * width, width), 1);
            }

            if (y - radius >= 0)
            {
                AddRow(sum, rows.AsSpan((y - radius) * width, width), -1);
            }
        }
    }

    /// <summary>
    /// FLOPs of <see cref="BoxMean"/> at radius ≥ 1, following its loops. Per row, RowMean fills the window with
    /// min(r, w − 1) + 1 adds, then per pixel divides once, adds the pixel entering (w − r − 1 times) and subtracts the one
    /// leaving (w − r times). The vertical pass does the same with whole rows: AddRow is ±1 · value + sum (2 per column);
    /// min(r, h − 1) + 1 rows fill the sums, then per row one reciprocal and a product per column, and AddRow for the
    /// h − r − 1 rows entering and the h − r leaving. For w, h &gt; r that is 8wh − rh − 2rw + h.
    /// </summary>
    internal static long BoxMeanFlops(int width, int height, int radius)
    {
        const int addRowFlopsPerColumn = 2;
        long w = width, h = height;
        var perRow = Math.Min(radius, width - 1) + 1 + w + Math.Max(0, w - radius - 1) + Math.Max(0, w - radius);
        var filledRows = Math.Min(radius, height - 1) + 1;
        var slidingRows = Math.Max(0, h - radius - 1) + Math.Max(0, h - radius);
        var vertical = (addRowFlopsPerColumn * w * (filledRows + slidingRows)) + h + (w * h);
        return (h * perRow) + vertical;
    }

    /// <summary>Three box passes: close to a Gaussian of σ ≈ radius, still O(1) per pixel whatever the radius.</summary>
    public static void SoftBlur(Span<float> plane, int width, int height, int radius, FlopTally? flops = null)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            BoxMean(plane, plane, width, height, radius, flops);
        }
    }

    /// <summary>
    /// <see cref="SoftBlur"/> for wide radii, computed at 1/4 of the radius in resolution and enlarged bilinearly: a blur
    /// that wide leaves nothing finer than that scale, and the work falls by the square of the factor.
    /// </summary>
    public static float[] WideBlur(float[] plane, int width, int height, int radius, FlopTally? flops = null)
    {
        var factor = Math.Clamp(radius / 4, 1, Math.Min(width, height) / 8);
        if (factor <= 1)
        {
            var copy = (float[])plane.Clone();
            SoftBlur(copy, width, height, radius, flops);
            return copy;
        }

        int sw = width / factor, sh = height / factor;
        var small = PlanarImage.ResizePlane(plane, width, height, sw, sh, flops);
        SoftBlur(small, sw, sh, Math.Max(1, radius / factor), flops);
        return PlanarImage.ResizePlane(small, sw, sh, width, height, flops);
    }

    /// <summary>
    /// He, Sun and Tang's guided filter (ECCV 2010) with a grey guide: <paramref name="input"/> smoothed except where the
    /// guide has edges. eps (in squared 0..1 units) sets which edges count: variance well above eps is kept.
    /// </summary>
    public static float[] Guided(ReadOnlySpan<float> guide, ReadOnlySpan<float> input, int width, int height, int radius, float eps, FlopTally? flops = null)
    {
        // Per pixel: I·p and I·I (2); a = (corr − μI·μp) / (var − μI² + ε) (6) and b = μp − a·μI (2); q = ā·I + b̄ (2).
        const int flopsPerPixel = 2 + 8 + 2;
        var n = width * height;
        flops?.Add(flopsPerPixel * (long)n);
        var meanI = new float[n];
        var meanP = new float[n];
        var corrIp = new float[n];
        var varI = new float[n];
        for (var i = 0; i < n; i++)
        {
            corrIp[i] = guide[i] * input[i];
            varI[i] = guide[i] * guide[i];
        }

        BoxMean(guide, meanI, width, height, radius, flops);
        BoxMean(input, meanP, width, height, radius, flops);
        BoxMean(corrIp, corrIp, width, height, radius, flops);
        BoxMean(varI, varI, width, height, radius, flops);
        for (var i = 0; i < n; i++)
        {
            var a = (corrIp[i] - (meanI[i] * meanP[i])) / (varI[i] - (meanI[i] * meanI[i]) + eps);
            corrIp[i] = a;
            varI[i] = meanP[i] - (a * meanI[i]);
        }

        BoxMean(corrIp, corrIp, width, height, radius, flops);
        BoxMean(varI, varI, width, height, radius, flops);
        var output = new float[n];
        for (var i = 0; i < n; i++)
        {
            output[i] = (corrIp[i] * guide[i]) + varI[i];
        }

        return output;
    }

    /// <summary>
    /// The guided filter with a colour guide (same paper, section 3.5): the output follows edges between colours of equal
    /// brightness too — a red jumper against a green wall, dark hair against a dark backdrop of another hue — which a grey
    /// guide cannot see. With <paramref name="subsample"/> &gt; 1 the linear coefficients are computed on a smaller copy
    /// and enlarged (He and Sun, "Fast Guided Filter", 2015): they are window means, smooth by construction, so only the
    /// final per-pixel step needs full resolution, and the cost falls by about subsample².
    /// </summary>
    public static float[] GuidedColour(PlanarImage guide, ReadOnlySpan<float> input, int radius, float eps, int subsample = 1, FlopTally? flops = null)
    {
        int w = guide.Width, h = guide.Height, n = guide.PixelCount;
        var small = subsample > 1 && w / subsample >= 8 && h / subsample >= 8;
        var sw = small ? w / subsample : w;
        var sh = small ? h / subsample : h;
        var coefficients = small
            ? ColourCoefficients(guide.Resize(sw, sh, flops), PlanarImage.ResizePlane(input, w, h, sw, sh, flops), Math.Max(1, radius / subsample), eps, flops)
            : ColourCoefficients(guide, input.ToArray(), radius, eps, flops);
        if (small)
        {
            for (var k = 0; k < coefficients.Length; k++)
            {
                coefficients[k] = PlanarImage.ResizePlane(coefficients[k], sw, sh, w, h, flops);
            }
        }

        // Per pixel: aR·R + aG·G + aB·B + b (three products, three sums).
        const int flopsPerPixel = 6;
        flops?.Add(flopsPerPixel * (long)n);

        var (ar, ag, ab, b0) = (coefficients[0], coefficients[1], coefficients[2], coefficients[3]);
        var r = guide.Plane(0);
        var g = guide.Plane(1);
        var b = guide.Plane(2);
        var output = new float[n];
        for (var i = 0; i < n; i++)
        {
            output[i] = (ar[i] * r[i]) + (ag[i] * g[i]) + (ab[i] * b[i]) + b0[i];
        }

        return output;
    }

    /// <summary>Window means of the colour guided filter's coefficients a (per channel) and b.</summary>
    private static float[][] ColourCoefficients(PlanarImage guide, float[] input, int radius, float eps, FlopTally? flops)
    {
        int w = guide.Width, h = guide.Height, n = guide.PixelCount;
        var r = guide.Plane(0).ToArray();
        var g = guide.Plane(1).ToArray();
        var b = guide.Plane(2).ToArray();
        float[] Mean(float[] x, float[] y)
        {
            // One product per pixel.
            flops?.Add(n);
            var product = new float[n];
            for (var i = 0; i < n; i++)
            {
                product[i] = x[i] * y[i];
            }

            BoxMean(product, product, w, h, radius, flops);
            return product;
        }

        float[] MeanOf(float[] x)
        {
            var mean = new float[n];
            BoxMean(x, mean, w, h, radius, flops);
            return mean;
        }

        var (mr, mg, mb, mp) = (MeanOf(r), MeanOf(g), MeanOf(b), MeanOf(input));
        var (rr, rg, rb, gg, gb, bb) = (Mean(r, r), Mean(r, g), Mean(r, b), Mean(g, g), Mean(g, b), Mean(b, b));
        var (rp, gp, bp) = (Mean(r, input), Mean(g, input), Mean(b, input));

        // Per pixel: Σ + εU (15) and the covariances with p (6); the six cofactors (18) and det (5); aR, aG, aB (three
        // products, two sums and a division each: 18); b = μp − a·μ (6).
        const int flopsPerPixel = 15 + 6 + 18 + 5 + 18 + 6;
        flops?.Add(flopsPerPixel * (long)n);
        for (var i = 0; i < n; i++)
        {
            // Σ + εU, inverted by cofactors (symmetric 3×3).
            var srr = rr[i] - (mr[i] * mr[i]) + eps;
            var srg = rg[i] - (mr[i] * mg[i]);
            var srb = rb[i] - (mr[i] * mb[i]);
            var sgg = gg[i] - (mg[i] * mg[i]) + eps;
            var sgb = gb[i] - (mg[i] * mb[i]);
            var sbb = bb[i] - (mb[i] * mb[i]) + eps;
            var crp = rp[i] - (mr[i] * mp[i]);
            var cgp = gp[i] - (mg[i] * mp[i]);
            var cbp = bp[i] - (mb[i] * mp[i]);
            var i00 = (sgg * sbb) - (sgb * sgb);
            var i01 = (srb * sgb) - (srg * sbb);
            var i02 = (srg * sgb) - (srb * sgg);
            var i11 = (srr * sbb) - (srb * srb);
            var i12 = (srb * srg) - (srr * sgb);
            var i22 = (srr * sgg) - (srg * srg);
            var det = (srr * i00) + (srg * i01) + (srb * i02);
            var ar = ((i00 * crp) + (i01 * cgp) + (i02 * cbp)) / det;
            var ag = ((i01 * crp) + (i11 * cgp) + (i12 * cbp)) / det;
            var ab = ((i02 * crp) + (i12 * cgp) + (i22 * cbp)) / det;
            rr[i] = ar;
            gg[i] = ag;
            bb[i] = ab;
            mp[i] -= (ar * mr[i]) + (ag * mg[i]) + (ab * mb[i]);
        }

        BoxMean(rr, rr, w, h, radius, flops);
        BoxMean(gg, gg, w, h, radius, flops);
        BoxMean(bb, bb, w, h, radius, flops);
        BoxMean(mp, mp, w, h, radius, flops);
        return [rr, gg, bb, mp];
    }

    private static void RowMean(ReadOnlySpan<float> row, Span<float> target, int radius)
    {
        var width = row.Length;
        double sum = 0;
        for (var x = 0; x <= Math.Min(radius, width - 1); x++)
        {
            sum += row[x];
        }

        for (var x = 0; x < width; x++)
        {
            var count = Math.Min(x + radius, width - 1) - Math.Max(x - radius, 0) + 1;
            target[x] = (float)(sum / count);
            if (x + radius + 1 < width)
            {
                sum += row[x + radius + 1];
            }

            if (x - radius >= 0)
            {
                sum -= row[x - radius];
            }
        }
    }

    private static void AddRow(double[] sum, ReadOnlySpan<float> row, int sign)
    {
        for (var x = 0; x < row.Length; x++)
        {
            sum[x] += sign * row[x];
        }
    }
}

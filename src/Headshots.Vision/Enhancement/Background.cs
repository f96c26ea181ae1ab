namespace Headshots.Vision.Enhancement;

public sealed record MatteOptions
{
    /// <summary>
    /// Guided-filter window radius as a share of the frame width. The 256-px mask is about 4 canvas pixels per mask pixel
    /// at 1024 px; a window of 1 % (10 px) spans two or three mask pixels, enough to move the edge onto the real one.
    /// </summary>
    public float Radius { get; init; } = 0.01f;

    /// <summary>
    /// Compute the guided filter's coefficients at 1/Subsample of the resolution (the fast guided filter). 2 keeps the
    /// window (10 px at 1024 px) five samples wide, so hair-scale structure still steers the matte; the last step, where
    /// detail comes from, runs at full resolution.
    /// </summary>
    public int Subsample { get; init; } = 2;

    /// <summary>
    /// Guided-filter ε in squared 0..1 units: edges with more local variance than this steer the matte. 1e-3 is a contrast
    /// of about 3 % (0.03²), low enough for hair against a similar backdrop, high enough to ignore JPEG noise.
    /// </summary>
    public float Epsilon { get; init; } = 1e-3f;
}

/// <summary>
/// Turns the segmentation model's coarse person probability into an alpha matte at full resolution and composites the
/// subject over a new backdrop.
/// </summary>
internal static class Background
{
    /// <summary>
    /// Upsamples the coarse mask and snaps it to the photo's edges with a colour-guided filter, then multiplies in the
    /// coverage so nothing beyond the photo's edge counts as subject.
    /// </summary>
    public static float[] RefineMatte(PlanarImage canvas, ModelOutput coarse, float[] coverage, MatteOptions options, FlopTally? flops = null)
    {
        var mask = coarse.Width == canvas.Width && coarse.Height == canvas.Height
            ? coarse.Plane(0).ToArray()
            : PlanarImage.ResizePlane(coarse.Plane(0), coarse.Width, coarse.Height, canvas.Width, canvas.Height, flops);
        var radius = Math.Max(2, (int)MathF.Round(options.Radius * canvas.Width));
        var alpha = Filters.GuidedColour(canvas, mask, radius, options.Epsilon, options.Subsample, flops);

        // Per pixel: a clamp (2) and the product with the coverage (1).
        const int flopsPerPixel = 3;
        flops?.Add(flopsPerPixel * (long)alpha.Length);
        for (var i = 0; i < alpha.Length; i++)
        {
            alpha[i] = Math.Clamp(alpha[i], 0, 1) * coverage[i];
        }

        return alpha;
    }

    /// <summary>
    /// Splits each edge pixel into subject and old backdrop. The local subject colour F and backdrop colour B are means of
    /// nearby pixels the matte is sure about; a pixel's colour I then gives α = (I − B)·(F − B) / |F − B|², the position of
    /// I on the line from B to F. Where F and B differ clearly this replaces the filtered matte, which otherwise keeps the
    /// coarse mask's blur (a soft band of old backdrop around the subject); where they look alike the matte stays.
    /// Returns the refined matte and B, which the composite needs.
    /// </summary>
    public static (float[] Alpha, PlanarImage OldBackdrop) Unmix(PlanarImage canvas, float[] alpha, float[] coverage, int radius, FlopTally? flops = null)
    {
        var n = canvas.PixelCount;
        var backWeight = new float[n];
        var foreWeight = new float[n];
        for (var i = 0; i < n; i++)
        {
            // Only confident pixels vote: the uncertain band is what is being solved for.
            backWeight[i] = alpha[i] < 0.1f ? coverage[i] : 0;
            foreWeight[i] = alpha[i] > 0.9f ? coverage[i] : 0;
        }

        var back = WeightedLocalMean(canvas, backWeight, radius, out var backTrust, flops);
        var fore = WeightedLocalMean(canvas, foreWeight, radius, out var foreTrust, flops);
        var refined = (float[])alpha.Clone();

        // Per pixel of the uncertain band: per channel F − B, (I − B)·(F − B) added to dot, (F − B)² added to length (6 × 3);
        // the confidence (a sum, a division, two products: 4); the blend with α and the coverage (5). Where F and B differ
        // (length > 10⁻⁶) the projection dot / length, clamped, adds 3.
        const int bandFlopsPerPixel = 18 + 4 + 5;
        const int projectionFlops = 3;
        long bandPixels = 0, projectedPixels = 0;
        for (var i = 0; i < n; i++)
        {
            if (alpha[i] is <= 0.02f or >= 0.98f || coverage[i] <= 0)
            {
                continue;
            }

            bandPixels++;
            double dot = 0, length = 0;
            for (var c = 0; c < 3; c++)
            {
                var k = (c * n) + i;
                var fb = fore.Data[k] - back.Data[k];
                dot += (canvas.Data[k] - back.Data[k]) * fb;
                length += fb * fb;
            }

            // Confidence grows with the F–B distance (0.1, a 10 % colour difference, is halfway) and needs both colours
            // measured nearby, not stood in for by the pixel itself.
            var confidence = (float)(length / (length + 0.01)) * foreTrust[i] * backTrust[i];
            var unmixed = length > 1e-6 ? Math.Clamp((float)(dot / length), 0, 1) : alpha[i];
            projectedPixels += length > 1e-6 ? 1 : 0;
            refined[i] = ((confidence * unmixed) + ((1 - confidence) * alpha[i])) * coverage[i];
        }

        flops?.Add((bandFlopsPerPixel * bandPixels) + (projectionFlops * projectedPixels));
        return (refined, back);
    }

    /// <summary>
    /// The old backdrop's colour around each pixel, estimated only from pixels the matte calls background (a blur
    /// normalised by its weights). Where no background is near, the pixel itself stands in.
    /// </summary>
    public static PlanarImage EstimateBackdrop(PlanarImage canvas, float[] alpha, float[] coverage, int radius, FlopTally? flops = null)
    {
        // Per pixel: (1 − α) · coverage.
        const int flopsPerPixel = 2;
        flops?.Add(flopsPerPixel * (long)canvas.PixelCount);
        var weight = new float[canvas.PixelCount];
        for (var i = 0; i < weight.Length; i++)
        {
            weight[i] = (1 - alpha[i]) * coverage[i];
        }

        return WeightedLocalMean(canvas, weight, radius, out _, flops);
    }

    /// <summary>
    /// Normalised blur of the pixels by weight; <paramref name="trust"/> says per pixel how much weight was near (0..1).
    /// The blur is wide (σ ≈ radius), so it is computed at 1/4 of the radius in resolution and enlarged: the result is
    /// smooth at that scale anyway, and the cost falls sixteen-fold.
    /// </summary>
    private static PlanarImage WeightedLocalMean(PlanarImage canvas, float[] weight, int radius, out float[] trust, FlopTally? flops)
    {
        int w = canvas.Width, h = canvas.Height, n = canvas.PixelCount;
        var factor = Math.Clamp(radius / 4, 1, Math.Min(w, h) / 8);
        int sw = Math.Max(1, w / factor), sh = Math.Max(1, h / factor), sn = sw * sh;
        var smallRadius = Math.Max(1, radius / factor);
        var weightSum = PlanarImage.ResizePlane(weight, w, h, sw, sh, flops);
        var weighted = new float[n];
        var sums = new float[3][];

        // Per pixel and channel: colour · weight.
        const int weightingFlopsPerValue = 1;
        flops?.Add(weightingFlopsPerValue * 3L * n);
        for (var c = 0; c < 3; c++)
        {
            var source = canvas.Plane(c);
            for (var i = 0; i < n; i++)
            {
                weighted[i] = source[i] * weight[i];
            }

            sums[c] = PlanarImage.ResizePlane(weighted, w, h, sw, sh, flops);
            Filters.SoftBlur(sums[c], sw, sh, smallRadius, flops);
        }

        Filters.SoftBlur(weightSum, sw, sh, smallRadius, flops);

        // Below 2 % weight in the window the estimate is mostly noise; fade to the pixel's own colour.
        // Per small pixel: the trust, a division and a clamp (3); where any weight is near, three divisions.
        const int trustFlopsPerPixel = 3;
        const int normalisingFlopsPerPixel = 3;
        long weighedPixels = 0;
        var smallTrust = new float[sn];
        for (var i = 0; i < sn; i++)
        {
            smallTrust[i] = Math.Clamp(weightSum[i] / 0.02f, 0, 1);
            weighedPixels += weightSum[i] > 1e-6f ? 1 : 0;
            for (var c = 0; c < 3; c++)
            {
                sums[c][i] = weightSum[i] > 1e-6f ? sums[c][i] / weightSum[i] : 0;
            }
        }

        flops?.Add((trustFlopsPerPixel * (long)sn) + (normalisingFlopsPerPixel * weighedPixels));
        trust = factor > 1 ? PlanarImage.ResizePlane(smallTrust, sw, sh, w, h, flops) : smallTrust;
        var result = new PlanarImage(w, h);

        // Per pixel and channel: t · estimate + (1 − t) · colour.
        const int blendFlopsPerValue = 4;
        flops?.Add(blendFlopsPerValue * 3L * n);
        for (var c = 0; c < 3; c++)
        {
            var estimate = factor > 1 ? PlanarImage.ResizePlane(sums[c], sw, sh, w, h, flops) : sums[c];
            var source = canvas.Plane(c);
            var target = result.Plane(c);
            for (var i = 0; i < n; i++)
            {
                target[i] = (trust[i] * estimate[i]) + ((1 - trust[i]) * source[i]);
            }
        }

        return result;
    }

    /// <summary>
    /// out = αF + (1 − α)·B_new, with αF = I − (1 − α)·B_old (the compositing equation solved for the foreground) clamped to
    /// [0, α]. Removing the old backdrop's share from edge pixels is what keeps a green wall from leaving a green fringe.
    /// </summary>
    public static void Composite(PlanarImage canvas, float[] alpha, PlanarImage oldBackdrop, PlanarImage newBackdrop, FlopTally? flops = null)
    {
        // Per pixel and channel: I − (1 − α)·B_old clamped (5), then + (1 − α)·B_new (3).
        const int flopsPerValue = 8;
        var n = canvas.PixelCount;
        flops?.Add(flopsPerValue * 3L * n);
        for (var c = 0; c < 3; c++)
        {
            var image = canvas.Plane(c);
            var old = oldBackdrop.Plane(c);
            var fresh = newBackdrop.Plane(c);
            for (var i = 0; i < n; i++)
            {
                var a = alpha[i];
                var foreground = Math.Clamp(image[i] - ((1 - a) * old[i]), 0, a);
                image[i] = foreground + ((1 - a) * fresh[i]);
            }
        }
    }

    /// <summary>The style's backdrop at the frame's size, with its vignette and a soft shadow of the subject.</summary>
    public static PlanarImage Render(HeadshotStyle style, PlanarImage canvas, float[] alpha, float[] coverage, FlopTally? flops = null)
    {
        int w = canvas.Width, h = canvas.Height;
        var backdrop = style.Background == BackgroundKind.BlurredOriginal
            ? Blurred(canvas, alpha, coverage, flops)
            : Painted(style, w, h, flops);
        var shade = new float[w * h];
        if (style.Shadow > 0)
        {
            // The matte moved down by 2 % of the height and blurred wide: a soft shadow falling slightly below the subject.
            var shift = (int)(0.02f * h);
            for (var y = shift; y < h; y++)
            {
                alpha.AsSpan((y - shift) * w, w).CopyTo(shade.AsSpan(y * w, w));
            }

            shade = Filters.WideBlur(shade, w, h, Math.Max(2, (int)(0.03f * w)), flops);

            // Only behind the shoulders: none above the eye line, full from the chin's level (about 65 % down) on. Around
            // the head the blurred matte read as a dark halo beside the hair rather than as a shadow on the wall.
            // Per row: the ramp (a subtraction, a division, a clamp, a product: 5); per pixel: one product.
            flops?.Add((5L * h) + shade.Length);
            for (var y = 0; y < h; y++)
            {
                var ramp = style.Shadow * Math.Clamp((((y + 0.5f) / h) - 0.4f) / 0.25f, 0, 1);
                foreach (ref var value in shade.AsSpan(y * w, w))
                {
                    value *= ramp;
                }
            }
        }

        // Per row dy (3); per pixel dx (3), the vignette (two squares, a sum, a division, a min, a product: 6), keep (3)
        // and three channel products.
        const int vignetteFlopsPerRow = 3;
        const int vignetteFlopsPerPixel = 3 + 6 + 3 + 3;
        flops?.Add((vignetteFlopsPerRow * (long)h) + (vignetteFlopsPerPixel * (long)w * h));
        for (var y = 0; y < h; y++)
        {
            var dy = ((y + 0.5f) / h) - 0.4f;
            for (var x = 0; x < w; x++)
            {
                var dx = ((x + 0.5f) / w) - 0.5f;
                var i = (y * w) + x;

                // Darkening grows with the squared distance from behind the head: 0 there, the full vignette in the corners.
                var vignette = style.Vignette * MathF.Min(1, ((dx * dx) + (dy * dy)) / 0.61f);
                var keep = (1 - vignette) * (1 - shade[i]);
                for (var c = 0; c < 3; c++)
                {
                    backdrop.Data[(c * w * h) + i] *= keep;
                }
            }
        }

        return backdrop;
    }

    private static PlanarImage Painted(HeadshotStyle style, int w, int h, FlopTally? flops)
    {
        var backdrop = new PlanarImage(w, h);
        float[] inner = [style.Color.R, style.Color.G, style.Color.B];
        float[] outer = [style.EdgeColor.R, style.EdgeColor.G, style.EdgeColor.B];

        // Per row fy (2); per pixel fx (2), t (the gradient's fy² is 1; the radial look's (fx − ½)·(fx − ½) and
        // (fy − 0.35)·(fy − 0.35) as written (3 each), a sum, a square root, a division and a min are 10) and per channel
        // inner + (outer − inner)·t (3 × 3).
        const int flopsPerRow = 2;
        const int gradientFlops = 1;
        const int radialFlops = 10;
        var flopsPerPixel = 2 + (style.Background == BackgroundKind.SoftGradient ? gradientFlops : radialFlops) + (3 * 3);
        flops?.Add((flopsPerRow * (long)h) + (flopsPerPixel * (long)w * h));
        for (var y = 0; y < h; y++)
        {
            var fy = (y + 0.5f) / h;
            for (var x = 0; x < w; x++)
            {
                var fx = (x + 0.5f) / w;

                // Soft gradient runs top to bottom; the studio looks are lit from behind the head outwards.
                var t = style.Background == BackgroundKind.SoftGradient
                    ? fy * fy
                    : MathF.Min(1, MathF.Sqrt(((fx - 0.5f) * (fx - 0.5f)) + ((fy - 0.35f) * (fy - 0.35f))) / 0.75f);
                var i = (y * w) + x;
                for (var c = 0; c < 3; c++)
                {
                    backdrop.Data[(c * w * h) + i] = inner[c] + ((outer[c] - inner[c]) * t);
                }
            }
        }

        return backdrop;
    }

    /// <summary>
    /// The photo's own surroundings blurred strongly (4 % of the width, about what an f/1.8 portrait lens does to a
    /// backdrop a few metres behind), with the subject left out of the blur so it does not smear into a halo.
    /// </summary>
    private static PlanarImage Blurred(PlanarImage canvas, float[] alpha, float[] coverage, FlopTally? flops)
    {
        var radius = Math.Max(2, (int)(0.04f * canvas.Width));
        var blurred = EstimateBackdrop(canvas, alpha, coverage, radius, flops);

        // Far from any backdrop (inside the subject, or beyond the photo) fall back to the backdrop's mean colour.
        // Per pixel: the weight (2), its total (1), three weighted colour sums (6); then per pixel and channel the trust
        // (a division and a clamp: 3) and t · blurred + (1 − t) · mean (4).
        const int meanFlopsPerPixel = 2 + 1 + 6;
        const int fallbackFlopsPerValue = 3 + 4;
        var n = canvas.PixelCount;
        flops?.Add((meanFlopsPerPixel * (long)n) + (fallbackFlopsPerValue * 3L * n));
        var weight = new float[n];
        double total = 0;
        var mean = new double[3];
        for (var i = 0; i < n; i++)
        {
            weight[i] = (1 - alpha[i]) * coverage[i];
            total += weight[i];
            for (var c = 0; c < 3; c++)
            {
                mean[c] += weight[i] * canvas.Data[(c * n) + i];
            }
        }

        var reach = Filters.WideBlur(weight, canvas.Width, canvas.Height, radius * 3, flops);
        for (var c = 0; c < 3; c++)
        {
            var m = total > 0 ? (float)(mean[c] / total) : 0.5f;
            var plane = blurred.Plane(c);
            for (var i = 0; i < n; i++)
            {
                var trust = Math.Clamp(reach[i] / 0.2f, 0, 1);
                plane[i] = (trust * plane[i]) + ((1 - trust) * m);
            }
        }

        return blurred;
    }
}

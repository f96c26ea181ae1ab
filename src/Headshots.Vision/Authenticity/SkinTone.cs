using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Authenticity;

/// <summary>
/// Skin colour at three patches placed from the landmarks — both cheeks and the forehead — each a square of 0.3 × the
/// eye distance, averaged and converted to CIELAB. Three patches so that one covered by hair or a hand does not decide.
/// </summary>
internal static class SkinTone
{
    private const int PatchSamples = 6;

    public static Cielab[] Patches(Image<Rgb24> image, FaceLandmarks landmarks)
    {
        var p = landmarks.Points;
        var iod = landmarks.InterOcularDistance;
        var browMid = Point2.Midpoint(p[19], p[24]);
        var up = browMid - p[30];
        var upLength = MathF.Max(1e-3f, MathF.Sqrt((up.X * up.X) + (up.Y * up.Y)));
        var forehead = browMid + (up * (0.3f * iod / upLength));
        var leftCheek = Point2.Mean([p[41], p[31], p[2]]);
        var rightCheek = Point2.Mean([p[46], p[35], p[14]]);
        var side = 0.3f * iod;
        return [Measure(image, leftCheek, side), Measure(image, rightCheek, side), Measure(image, forehead, side)];
    }

    /// <summary>Median over the patches of ΔE*ab between source and candidate.</summary>
    public static double MedianDeltaE(IReadOnlyList<Cielab> source, IReadOnlyList<Cielab> candidate)
    {
        var d = source.Zip(candidate, Cielab.DeltaE76).Order().ToArray();
        return d.Length % 2 == 1 ? d[d.Length / 2] : (d[(d.Length / 2) - 1] + d[d.Length / 2]) / 2;
    }

    private static Cielab Measure(Image<Rgb24> image, Point2 centre, float side)
    {
        var rgb = new float[PatchSamples * PatchSamples * 3];
        var region = Box.FromCenter(centre, MathF.Max(1, side), MathF.Max(1, side));
        ImageSampler.Sample(image, Affine2.FromRegion(region, PatchSamples, PatchSamples), PatchSamples, PatchSamples, TensorLayout.InterleavedRgb, PixelNormalization.Uniform(0, 1), default, rgb);
        double r = 0, g = 0, b = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            r += rgb[i];
            g += rgb[i + 1];
            b += rgb[i + 2];
        }

        var n = PatchSamples * PatchSamples;
        return Cielab.FromSrgb(r / n, g / n, b / n);
    }
}

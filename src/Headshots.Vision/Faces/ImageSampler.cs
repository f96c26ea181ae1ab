using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>How sampled pixels are laid out in a model input tensor.</summary>
internal enum TensorLayout
{
    /// <summary>[3, H, W]: R plane, G plane, B plane (NCHW models).</summary>
    PlanarRgb,

    /// <summary>[H, W, 3]: RGB triples (NHWC models such as BlazeFace).</summary>
    InterleavedRgb,

    /// <summary>[H, W]: one luma plane, 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601).</summary>
    Grey,
}

/// <summary>value = (pixel − Mean[c]) · Scale[c], pixel in 0..255.</summary>
internal readonly record struct PixelNormalization(float MeanR, float MeanG, float MeanB, float ScaleR, float ScaleG, float ScaleB)
{
    public static PixelNormalization Uniform(float mean, float scale) => new(mean, mean, mean, scale, scale, scale);

    /// <summary>ImageNet statistics, as torchvision models expect after dividing by 255.</summary>
    public static PixelNormalization ImageNet { get; } =
        new(0.485f * 255, 0.456f * 255, 0.406f * 255, 1 / (0.229f * 255), 1 / (0.224f * 255), 1 / (0.225f * 255));
}

/// <summary>
/// Fills a model input tensor straight from the image: every crop, stretch, letterbox, padding and face alignment is an
/// affine map from tensor pixels back to image pixels, so no intermediate image is allocated.
/// Minification uses a box filter (up to 4×4 taps per output pixel) so that a 12 MP photo squeezed to 320×240 does not
/// alias; otherwise bilinear. Taps outside the image read <c>fill</c>, which is how virtual padding works.
/// </summary>
internal static class ImageSampler
{
    private const int MaxTapsPerAxis = 4;

    public static void Sample(
        Image<Rgb24> image,
        Affine2 destinationToSource,
        int width,
        int height,
        TensorLayout layout,
        PixelNormalization normalization,
        Rgb24 fill,
        Memory<float> destination)
    {
        var channels = layout == TensorLayout.Grey ? 1 : 3;
        if (destination.Length < width * height * channels)
        {
            throw new ArgumentException("The destination is smaller than the sampled tensor.", nameof(destination));
        }

        var taps = Math.Clamp((int)MathF.Ceiling(destinationToSource.MaxScale - 0.01f), 1, MaxTapsPerAxis);
        image.ProcessPixelRows(accessor =>
        {
            var output = destination.Span;
            var plane = width * height;
            var m = destinationToSource;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    float r, g, b;
                    if (taps == 1)
                    {
                        var sx = (m.M00 * (x + 0.5f)) + (m.M01 * (y + 0.5f)) + m.M02 - 0.5f;
                        var sy = (m.M10 * (x + 0.5f)) + (m.M11 * (y + 0.5f)) + m.M12 - 0.5f;
                        Bilinear(accessor, sx, sy, fill, out r, out g, out b);
                    }
                    else
                    {
                        BoxFilter(accessor, m, x, y, taps, fill, out r, out g, out b);
                    }

                    var i = (y * width) + x;
                    switch (layout)
                    {
                        case TensorLayout.PlanarRgb:
                            output[i] = (r - normalization.MeanR) * normalization.ScaleR;
                            output[plane + i] = (g - normalization.MeanG) * normalization.ScaleG;
                            output[(2 * plane) + i] = (b - normalization.MeanB) * normalization.ScaleB;
                            break;
                        case TensorLayout.InterleavedRgb:
                            output[3 * i] = (r - normalization.MeanR) * normalization.ScaleR;
                            output[(3 * i) + 1] = (g - normalization.MeanG) * normalization.ScaleG;
                            output[(3 * i) + 2] = (b - normalization.MeanB) * normalization.ScaleB;
                            break;
                        default:
                            output[i] = ((0.299f * r) + (0.587f * g) + (0.114f * b) - normalization.MeanR) * normalization.ScaleR;
                            break;
                    }
                }
            }
        });
    }

    private static void BoxFilter(PixelAccessor<Rgb24> accessor, Affine2 m, int x, int y, int taps, Rgb24 fill, out float r, out float g, out float b)
    {
        r = g = b = 0;
        var step = 1f / taps;
        for (var ty = 0; ty < taps; ty++)
        {
            var dy = y + ((ty + 0.5f) * step);
            for (var tx = 0; tx < taps; tx++)
            {
                var dx = x + ((tx + 0.5f) * step);
                var p = Read(accessor, (int)MathF.Floor((m.M00 * dx) + (m.M01 * dy) + m.M02), (int)MathF.Floor((m.M10 * dx) + (m.M11 * dy) + m.M12), fill);
                r += p.R;
                g += p.G;
                b += p.B;
            }
        }

        var n = 1f / (taps * taps);
        r *= n;
        g *= n;
        b *= n;
    }

    private static void Bilinear(PixelAccessor<Rgb24> accessor, float sx, float sy, Rgb24 fill, out float r, out float g, out float b)
    {
        var x0 = (int)MathF.Floor(sx);
        var y0 = (int)MathF.Floor(sy);
        var fx = sx - x0;
        var fy = sy - y0;
        var p00 = Read(accessor, x0, y0, fill);
        var p10 = Read(accessor, x0 + 1, y0, fill);
        var p01 = Read(accessor, x0, y0 + 1, fill);
        var p11 = Read(accessor, x0 + 1, y0 + 1, fill);
        var w00 = (1 - fx) * (1 - fy);
        var w10 = fx * (1 - fy);
        var w01 = (1 - fx) * fy;
        var w11 = fx * fy;
        r = (p00.R * w00) + (p10.R * w10) + (p01.R * w01) + (p11.R * w11);
        g = (p00.G * w00) + (p10.G * w10) + (p01.G * w01) + (p11.G * w11);
        b = (p00.B * w00) + (p10.B * w10) + (p01.B * w01) + (p11.B * w11);
    }

    private static Rgb24 Read(PixelAccessor<Rgb24> accessor, int x, int y, Rgb24 fill) =>
        (uint)x < (uint)accessor.Width && (uint)y < (uint)accessor.Height ? accessor.GetRowSpan(y)[x] : fill;
}

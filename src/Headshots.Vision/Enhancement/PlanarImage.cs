using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

/// <summary>
/// An RGB image as three float planes (R, then G, then B) in 0..1. Every stage works on this form: filters need more
/// than 8 bits between steps, and the planes are exactly the NCHW layout a model input needs.
/// </summary>
internal sealed class PlanarImage
{
    public PlanarImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Data = new float[3 * width * height];
    }

    /// <summary>Wraps planes that are already laid out R, G, B (e.g. a model's NCHW output).</summary>
    public PlanarImage(int width, int height, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != 3 * width * height)
        {
            throw new ArgumentException($"Expected {3 * width * height} values for {width}×{height}×3, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Width * Height;

    /// <summary>R plane, G plane, B plane, each row-major.</summary>
    public float[] Data { get; }

    public Span<float> Plane(int channel) => Data.AsSpan(channel * PixelCount, PixelCount);

    /// <summary>
    /// Resamples <paramref name="image"/> through <paramref name="destinationToSource"/> (box-filtered when shrinking);
    /// pixels that fall outside the photo read <paramref name="fill"/>.
    /// </summary>
    public static PlanarImage Sample(Image<Rgb24> image, Affine2 destinationToSource, int width, int height, Rgb24 fill, FlopTally? flops = null)
    {
        var planes = new PlanarImage(width, height);
        ImageSampler.Sample(image, destinationToSource, width, height, TensorLayout.PlanarRgb, PixelNormalization.Uniform(0, 1 / 255f), fill, planes.Data, flops);
        return planes;
    }

    public static PlanarImage FromImage(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Sample(image, new Affine2(1, 0, 0, 0, 1, 0), image.Width, image.Height, default);
    }

    public PlanarImage Clone()
    {
        var copy = new PlanarImage(Width, Height);
        Data.AsSpan().CopyTo(copy.Data);
        return copy;
    }

    public Image<Rgb24> ToImage(FlopTally? flops = null)
    {
        // ToByte: v · 255 + ½ per value; the rounding and the integer clamp are not FLOPs.
        const int flopsPerValue = 2;
        var image = new Image<Rgb24>(Width, Height);
        var n = PixelCount;
        var data = Data;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var i = y * Width;
                for (var x = 0; x < row.Length; x++, i++)
                {
                    row[x] = new Rgb24(ToByte(data[i]), ToByte(data[n + i]), ToByte(data[(2 * n) + i]));
                }
            }
        });
        flops?.Add(flopsPerValue * (long)Data.Length);
        return image;
    }

    /// <summary>Bilinear resampling through <paramref name="destinationToSource"/>, clamped to the edge (no fill colour bleeds in).</summary>
    public PlanarImage Warp(Affine2 destinationToSource, int width, int height)
    {
        var result = new PlanarImage(width, height);
        var n = PixelCount;
        var m = result.PixelCount;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = destinationToSource.Apply(new Point2(x + 0.5f, y + 0.5f));
                var i = (y * width) + x;
                for (var c = 0; c < 3; c++)
                {
                    result.Data[(c * m) + i] = Bilinear(Data.AsSpan(c * n, n), Width, Height, p.X - 0.5f, p.Y - 0.5f);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// FLOPs of one <see cref="Bilinear"/> read: two float clamps (4), the fractions (2), and top, bottom and the result
    /// as a + (b − a) · f (3 each). Callers count it per read.
    /// </summary>
    public const int BilinearFlops = 15;

    /// <summary>Reads a plane at a fractional pixel position (pixel centres at integers), clamping to the edge.</summary>
    public static float Bilinear(ReadOnlySpan<float> plane, int width, int height, float x, float y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = plane[(y0 * width) + x0] + ((plane[(y0 * width) + x1] - plane[(y0 * width) + x0]) * fx);
        var bottom = plane[(y1 * width) + x0] + ((plane[(y1 * width) + x1] - plane[(y1 * width) + x0]) * fx);
        return top + ((bottom - top) * fy);
    }

    /// <summary>
    /// Resizes one plane: the mean of each output pixel's footprint when shrinking (a plain bilinear read would alias a
    /// 1024-px canvas squeezed into a 256-px model input), bilinear (pixel-centre aligned) when enlarging.
    /// </summary>
    public static float[] ResizePlane(ReadOnlySpan<float> plane, int width, int height, int newWidth, int newHeight, FlopTally? flops = null)
    {
        var result = new float[newWidth * newHeight];
        if (newWidth < width && newHeight < height)
        {
            // Shrinking: one add per source pixel (the footprints tile the source exactly) and one division per output pixel.
            flops?.Add(((long)width * height) + ((long)newWidth * newHeight));
            for (var y = 0; y < newHeight; y++)
            {
                var y0 = y * height / newHeight;
                var y1 = Math.Max(y0 + 1, (y + 1) * height / newHeight);
                for (var x = 0; x < newWidth; x++)
                {
                    var x0 = x * width / newWidth;
                    var x1 = Math.Max(x0 + 1, (x + 1) * width / newWidth);
                    var sum = 0f;
                    for (var yy = y0; yy < y1; yy++)
                    {
                        var row = plane.Slice((yy * width) + x0, x1 - x0);
                        foreach (var v in row)
                        {
                            sum += v;
                        }
                    }

                    result[(y * newWidth) + x] = sum / ((y1 - y0) * (x1 - x0));
                }
            }

            return result;
        }

        // Enlarging: per row fy (3: + ½, · sy, − ½); per pixel the x coordinate (3) and Bilinear (BilinearFlops).
        const int flopsPerRow = 3;
        const int flopsPerPixel = 3 + BilinearFlops;
        var sx = (float)width / newWidth;
        var sy = (float)height / newHeight;
        flops?.Add((flopsPerRow * (long)newHeight) + (flopsPerPixel * (long)newWidth * newHeight));
        for (var y = 0; y < newHeight; y++)
        {
            var fy = ((y + 0.5f) * sy) - 0.5f;
            for (var x = 0; x < newWidth; x++)
            {
                result[(y * newWidth) + x] = Bilinear(plane, width, height, ((x + 0.5f) * sx) - 0.5f, fy);
            }
        }

        return result;
    }

    public PlanarImage Resize(int width, int height, FlopTally? flops = null)
    {
        var result = new PlanarImage(width, height);
        for (var c = 0; c < 3; c++)
        {
            ResizePlane(Plane(c), Width, Height, width, height, flops).CopyTo(result.Plane(c));
        }

        return result;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)((v * 255) + 0.5f), 0, 255);
}

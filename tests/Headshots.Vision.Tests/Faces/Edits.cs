using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Tests.Faces;

/// <summary>Generated variants of a photo for identity and drift tests.</summary>
internal static class Edits
{
    public static Image<Rgb24> Crop(Image<Rgb24> image, float keep) => image.Clone(c => c.Crop(new Rectangle(
        (int)(image.Width * (1 - keep) / 2), (int)(image.Height * (1 - keep) / 2), (int)(image.Width * keep), (int)(image.Height * keep))));

    public static Image<Rgb24> Flip(Image<Rgb24> image) => image.Clone(c => c.Flip(FlipMode.Horizontal));

    public static Image<Rgb24> Brightness(Image<Rgb24> image, float factor) => image.Clone(c => c.Brightness(factor));

    public static Image<Rgb24> Jpeg(Image<Rgb24> image, int quality)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        stream.Position = 0;
        return Image.Load<Rgb24>(stream);
    }

    public static Image<Rgb24> Stretch(Image<Rgb24> image, float horizontal) => image.Clone(c => c.Resize((int)(image.Width * horizontal), image.Height));

    /// <summary>Scales the red, green and blue channels (a strong colour cast when the factors differ).</summary>
    public static Image<Rgb24> Tint(Image<Rgb24> image, float r, float g, float b)
    {
        var copy = image.Clone();
        copy.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    p = new Rgb24(Scale(p.R, r), Scale(p.G, g), Scale(p.B, b));
                }
            }
        });
        return copy;
    }

    /// <summary>Two copies of the image side by side: the same face twice.</summary>
    public static Image<Rgb24> SideBySide(Image<Rgb24> image)
    {
        var canvas = new Image<Rgb24>(image.Width * 2, image.Height);
        canvas.Mutate(c => c.DrawImage(image, new Point(0, 0), 1f).DrawImage(image, new Point(image.Width, 0), 1f));
        return canvas;
    }

    private static byte Scale(byte v, float f) => (byte)Math.Clamp(v * f, 0, 255);
}

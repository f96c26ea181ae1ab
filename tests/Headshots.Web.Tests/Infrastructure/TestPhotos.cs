using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>
/// Real photos for upload tests: the fetched package photos (scripts/headshots models fetch --test-assets), single
/// portraits cut out of the group photos around a detected face, and generated bad inputs.
/// </summary>
public static class TestPhotos
{
    private static readonly Lazy<FaceAnalyzer> Analyzer = new(() =>
    {
        var locations = ModelLocations.Resolve(startDirectory: AppContext.BaseDirectory);
        return new FaceAnalyzer(FaceModels.Load(locations.ModelsDirectory, new OnnxSessionOptions()));
    });

    public static string AssetPath(string name)
    {
        var path = ModelLocations.Resolve(startDirectory: AppContext.BaseDirectory).TestAssetPath(name);
        Assert.True(File.Exists(path), $"Test photo {path} is missing. Run: scripts/headshots models fetch --test-assets");
        return path;
    }

    public static byte[] Asset(string name) => File.ReadAllBytes(AssetPath(name));

    /// <summary>
    /// A head-and-shoulders JPEG of one person cut out of a group photo: the largest frontal, open-eyed face, with
    /// generous margins, scaled so the face is large enough for the quality checks.
    /// </summary>
    public static byte[] PortraitFromGroup(string asset, DateTime? capturedAt = null)
    {
        using var image = Image.Load<Rgb24>(AssetPath(asset));
        var frontal = Analyzer.Value.Analyze(image).Faces
            .Where(f => Math.Abs(f.Pose!.Yaw) < 20 && Math.Abs(f.Pose.Pitch) < 15 && Math.Min(f.Eyes!.LeftOpen, f.Eyes.RightOpen) > 0.6f)
            .MaxBy(f => f.Landmarks.InterOcularDistance);
        Assert.True(frontal is not null, $"{asset} has no frontal face");
        var box = frontal.Detection.Box;
        var side = Math.Max(box.Width, box.Height) * 1.8f;
        var left = (int)Math.Max(0, (box.X1 + box.X2) / 2 - side / 2);
        var top = (int)Math.Max(0, (box.Y1 + box.Y2) / 2 - side / 2);
        var rectangle = new Rectangle(left, top, (int)Math.Min(side, image.Width - left), (int)Math.Min(side, image.Height - top));
        image.Mutate(x => x.Crop(rectangle).Resize(480, 0));
        return Jpeg(image, capturedAt);
    }

    public static byte[] Jpeg(Image<Rgb24> image, DateTime? capturedAt = null)
    {
        if (capturedAt is { } date)
        {
            image.Metadata.ExifProfile ??= new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.DateTimeOriginal, date.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            image.Metadata.ExifProfile.SetValue(ExifTag.GPSLatitudeRef, "N");
        }

        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 92 });
        return output.ToArray();
    }

    public static byte[] LennaJpeg(DateTime? capturedAt = null, int? width = null)
    {
        using var image = Image.Load<Rgb24>(AssetPath("lenna.png"));
        if (width is { } w)
        {
            image.Mutate(x => x.Resize(w, 0));
        }

        return Jpeg(image, capturedAt);
    }

    /// <summary>Lenna converted by <paramref name="convert"/> and saved as PNG or WebP (lossless).</summary>
    public static byte[] LennaVariant(Func<Image<Rgb24>, Image> convert, string format)
    {
        using var image = Image.Load<Rgb24>(AssetPath("lenna.png"));
        using var converted = convert(image);
        using var output = new MemoryStream();
        if (format == "webp")
        {
            converted.Save(output, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { FileFormat = SixLabors.ImageSharp.Formats.Webp.WebpFileFormatType.Lossless });
        }
        else
        {
            converted.SaveAsPng(output);
        }

        return output.ToArray();
    }

    /// <summary>Lenna stored lying on her side with EXIF orientation 6 ("rotate 90° clockwise to view"), as phones do.</summary>
    public static byte[] LennaRotatedWithExifOrientation()
    {
        using var image = Image.Load<Rgb24>(AssetPath("lenna.png"));
        image.Mutate(x => x.Rotate(RotateMode.Rotate270));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        return Jpeg(image);
    }

    public static byte[] Gradient()
    {
        using var image = new Image<Rgb24>(400, 400);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / 400), (byte)(y * 255 / 400), 128);
                }
            }
        });
        return Jpeg(image);
    }

    /// <summary>A 30000×30000 PNG of about a hundred bytes: a decompression bomb if anything decoded it.</summary>
    public static byte[] PngBomb()
    {
        using var tiny = new Image<Rgb24>(1, 1);
        using var output = new MemoryStream();
        tiny.SaveAsPng(output, new PngEncoder());
        var bytes = output.ToArray();
        // IHDR width and height are the big-endian words at offsets 16 and 20; the CRC is not what the size check reads.
        WriteBigEndian(bytes, 16, 30000);
        WriteBigEndian(bytes, 20, 30000);
        return bytes;
    }

    private static void WriteBigEndian(byte[] bytes, int offset, int value)
    {
        bytes[offset] = (byte)(value >> 24);
        bytes[offset + 1] = (byte)(value >> 16);
        bytes[offset + 2] = (byte)(value >> 8);
        bytes[offset + 3] = (byte)value;
    }
}

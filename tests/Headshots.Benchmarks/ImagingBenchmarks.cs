using BenchmarkDotNet.Attributes;
using Headshots.Vision.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Benchmarks;

/// <summary>The upload path for a typical phone photo: a 12 MP (4000×3000) JPEG with EXIF orientation 6.</summary>
[MemoryDiagnoser]
public class ImagingBenchmarks
{
    private readonly SafeImageLoader _loader = new();
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        // Smooth gradients plus deterministic noise compress like a real photo (about 1-2 bits per pixel), unlike a flat fill.
        using var image = new Image<Rgb24>(4000, 3000);
        var random = new Random(3);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var noise = random.Next(-12, 13);
                    row[x] = new Rgb24((byte)Math.Clamp((x / 16) + noise, 0, 255), (byte)Math.Clamp((y / 12) + noise, 0, 255), (byte)Math.Clamp(((x + y) / 28) + noise, 0, 255));
                }
            }
        });
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.DateTimeOriginal, "2025:03:01 12:00:00");
        image.Metadata.ExifProfile = exif;
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer, new JpegEncoder { Quality = 90 });
        _jpeg = buffer.ToArray();
    }

    [Benchmark(Description = "Decode+orient+strip 12 MP JPEG")]
    public int DecodeOrientStrip()
    {
        using var loaded = _loader.Load(_jpeg);
        return loaded.Image.Width;
    }
}

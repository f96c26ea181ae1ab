using Headshots.Vision.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Imaging;

public sealed class SafeImageFormatsTests
{
    [Fact]
    public void Only_jpeg_png_and_webp_are_registered()
    {
        var configuration = SafeImageFormats.Configuration;

        Assert.Equal(["JPEG", "PNG", "Webp"], configuration.ImageFormats.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["JPEG", "PNG", "Webp"], configuration.ImageFormatsManager.ImageFormats.Select(f => f.Name).Order(StringComparer.Ordinal));
        IImageFormat[] others = [BmpFormat.Instance, GifFormat.Instance, TiffFormat.Instance, TgaFormat.Instance, PbmFormat.Instance];
        Assert.All(others, f => Assert.Null(configuration.ImageFormatsManager.FindDecoder(f)));
    }

    [Fact]
    public void A_bmp_or_tiff_cannot_reach_a_decoder_even_past_the_sniffer()
    {
        using var image = new Image<Rgb24>(4, 4);
        var bmp = ImageFixtures.Encode(image, new BmpEncoder());
        var tiff = ImageFixtures.Encode(image, new TiffEncoder());

        Assert.Null(Image.Identify(SafeImageFormats.Configuration, new MemoryStream(bmp)));
        Assert.Null(Image.Identify(SafeImageFormats.Configuration, new MemoryStream(tiff)));
        Assert.Throws<UnknownImageFormatException>(() => Image.Load<Rgb24>(SafeImageFormats.Configuration, new MemoryStream(tiff)));
    }
}

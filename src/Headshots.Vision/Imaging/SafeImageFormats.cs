using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace Headshots.Vision.Imaging;

/// <summary>
/// The only ImageSharp configuration that untrusted bytes may reach. ImageSharp 2.1.13 has published advisories in its TIFF
/// codecs and in ICC-profile parsing with no open-source fix, so only the JPEG, PNG and WebP codecs are registered, and their
/// decoders skip metadata entirely (EXIF is read by our own bounds-checked reader instead).
/// </summary>
public static class SafeImageFormats
{
    public static Configuration Configuration { get; } = Create();

    private static Configuration Create()
    {
        var configuration = new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());
        configuration.ImageFormatsManager.SetDecoder(JpegFormat.Instance, new JpegDecoder { IgnoreMetadata = true });
        configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        configuration.ImageFormatsManager.SetDecoder(WebpFormat.Instance, new WebpDecoder { IgnoreMetadata = true });
        return configuration;
    }
}

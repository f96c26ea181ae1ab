using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Imaging;

/// <summary>
/// Every stored photo is our own re-encoding, never the uploaded bytes: that drops payloads appended to or hidden in the upload
/// and any metadata (EXIF with GPS, XMP, IPTC, ICC).
/// </summary>
public static class ImageReencoder
{
    public const int DefaultQuality = 92;

    /// <summary>
    /// Writes <paramref name="image"/> as a baseline JPEG with no metadata segments (its metadata is cleared first). 4:4:4 chroma
    /// keeps colour edges intact for the skin-tone and identity checks that later read these files.
    /// </summary>
    public static void WriteJpeg(Image<Rgb24> image, Stream destination, int quality = DefaultQuality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        image.Metadata.ExifProfile = null;
        image.Metadata.IccProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        image.SaveAsJpeg(destination, new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio444 });
    }

    public static byte[] ToJpegBytes(Image<Rgb24> image, int quality = DefaultQuality)
    {
        using var buffer = new MemoryStream();
        WriteJpeg(image, buffer, quality);
        return buffer.ToArray();
    }
}

using System.Text;

namespace Headshots.Vision.Imaging;

/// <summary>What a file really is, judged by its first bytes, never by its name or declared content type.</summary>
public enum ImageFormatKind
{
    Unknown,
    Empty,
    Jpeg,
    Png,
    WebP,
    Gif,
    Heic,
    Avif,
    Bmp,
    Tiff,
    Svg,
    Html,
}

public static class ImageSniffer
{
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static ImageFormatKind Detect(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ImageFormatKind.Empty;
        }

        if (data.StartsWith(JpegMagic))
        {
            return ImageFormatKind.Jpeg;
        }

        if (data.StartsWith(PngMagic))
        {
            return ImageFormatKind.Png;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormatKind.WebP;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return ImageFormatKind.Gif;
        }

        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8))
        {
            // ISO base media files name their family in the major brand: HEIF/HEIC from phones, AVIF from browsers and newer phones.
            var brand = Encoding.ASCII.GetString(data[8..12]);
            return brand switch
            {
                "avif" or "avis" => ImageFormatKind.Avif,
                "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" => ImageFormatKind.Heic,
                _ => ImageFormatKind.Unknown,
            };
        }

        if (data.StartsWith("BM"u8))
        {
            return ImageFormatKind.Bmp;
        }

        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            return ImageFormatKind.Tiff;
        }

        return DetectMarkup(data);
    }

    private static ImageFormatKind DetectMarkup(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 1024)];
        if (head.StartsWith(Utf8Bom))
        {
            head = head[3..];
        }

        var text = Encoding.UTF8.GetString(head).TrimStart();
        if (!text.StartsWith('<'))
        {
            return ImageFormatKind.Unknown;
        }

        return text.Contains("<svg", StringComparison.OrdinalIgnoreCase) ? ImageFormatKind.Svg : ImageFormatKind.Html;
    }
}

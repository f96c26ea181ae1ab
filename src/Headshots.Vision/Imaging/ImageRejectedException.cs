using System.Globalization;

namespace Headshots.Vision.Imaging;

public enum ImageRejectionReason
{
    Empty,
    UnsupportedFormat,
    HeicNotSupported,
    FileTooLarge,
    TooManyPixels,
    Corrupt,
    Incomplete,
}

/// <summary>
/// An upload that will not be decoded. <see cref="Exception.Message"/> is written for the person who uploaded it and can be shown
/// as is; <see cref="Reason"/> is for code (status codes, metrics). Bad input is final: never retry it.
/// </summary>
public sealed class ImageRejectedException : Exception
{
    private const string Accepted = "Please upload a JPEG, PNG or WebP photo.";

    private ImageRejectedException(ImageRejectionReason reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    public ImageRejectionReason Reason { get; }

    internal static ImageRejectedException Empty() =>
        new(ImageRejectionReason.Empty, $"The file is empty. {Accepted}");

    internal static ImageRejectedException Unsupported(ImageFormatKind kind) => new(ImageRejectionReason.UnsupportedFormat, kind switch
    {
        ImageFormatKind.Gif => $"GIF images are not supported. {Accepted}",
        ImageFormatKind.Avif => "AVIF images are not supported yet. Export the photo as JPEG (most photo apps offer \"Export\" or \"Save as\" JPEG) and upload that.",
        ImageFormatKind.Bmp or ImageFormatKind.Tiff => $"{kind.ToString().ToUpperInvariant()} images are not supported. {Accepted}",
        ImageFormatKind.Svg => $"SVG drawings are not supported. {Accepted}",
        ImageFormatKind.Html => $"This file is a web page or text, not a photo. {Accepted}",
        _ => $"This file is not a photo we can read. {Accepted}",
    });

    internal static ImageRejectedException Animated() =>
        new(ImageRejectionReason.UnsupportedFormat, $"Animated images are not supported. {Accepted}");

    internal static ImageRejectedException UnsupportedEncoding(Exception inner) =>
        new(ImageRejectionReason.UnsupportedFormat, $"This image uses an encoding we cannot read. Export it again as a standard JPEG or PNG and upload that.", inner);

    internal static ImageRejectedException Heic() => new(ImageRejectionReason.HeicNotSupported,
        "HEIC photos (the iPhone default) are not supported yet. Please upload a JPEG instead: on the iPhone, choose Settings > Camera > " +
        "Formats > Most Compatible for new photos, or share the photo to Files or Mail, which converts it to JPEG; on a Mac, open it in " +
        "Preview and use File > Export with Format: JPEG.");

    /// <summary><paramref name="bytes"/> is null when the upload was a stream whose full size is unknown (reading stopped at the limit).</summary>
    internal static ImageRejectedException TooLarge(long? bytes, long maxBytes) => new(ImageRejectionReason.FileTooLarge, bytes is { } size
        ? $"The file is {Megabytes(size)} MB; the limit is {Megabytes(maxBytes)} MB. Please upload a smaller photo."
        : $"The file is larger than the {Megabytes(maxBytes)} MB limit. Please upload a smaller photo.");

    internal static ImageRejectedException TooManyPixels(long width, long height, ImageLoadOptions options) => new(ImageRejectionReason.TooManyPixels,
        string.Create(CultureInfo.InvariantCulture,
            $"The image is {width} x {height} pixels; the limit is {options.MaxPixels / 1_000_000.0:0.#} megapixels and {options.MaxSide} pixels per side. Please upload a smaller photo."));

    internal static ImageRejectedException Corrupt(Exception? inner = null) =>
        new(ImageRejectionReason.Corrupt, "The image could not be read because the file is damaged. Please export the photo again and upload it.", inner);

    internal static ImageRejectedException Incomplete() =>
        new(ImageRejectionReason.Incomplete, "The image is incomplete: the upload was cut off before the end of the file. Please upload it again.");

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);
}

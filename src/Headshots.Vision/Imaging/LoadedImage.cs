using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Imaging;

/// <summary>A decoded upload: upright, opaque RGB, with no metadata left on it. Owns <see cref="Image"/>.</summary>
public sealed class LoadedImage(Image<Rgb24> image, ImageFormatKind format, int exifOrientation, DateTime? capturedAt) : IDisposable
{
    public Image<Rgb24> Image { get; } = image;

    public ImageFormatKind Format { get; } = format;

    /// <summary>The EXIF orientation (1-8) that was applied; 1 when there was none.</summary>
    public int ExifOrientation { get; } = exifOrientation;

    /// <summary>EXIF DateTimeOriginal in the camera's local time, when the file had one; used for the photo-recency check.</summary>
    public DateTime? CapturedAt { get; } = capturedAt;

    public void Dispose() => Image.Dispose();
}

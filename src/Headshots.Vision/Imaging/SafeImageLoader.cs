using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Imaging;

/// <summary>
/// Turns untrusted upload bytes into an upright <see cref="Image{Rgb24}"/>, or refuses them with an
/// <see cref="ImageRejectedException"/> whose message can be shown to the user. Order matters: size, then magic bytes,
/// then container structure (cut-off files), then dimensions from the header, and only then a full decode.
/// </summary>
public sealed class SafeImageLoader(ImageLoadOptions? options = null)
{
    private readonly ImageLoadOptions _options = options ?? new ImageLoadOptions();

    /// <summary>Reads at most <see cref="ImageLoadOptions.MaxBytes"/> + 1 bytes, so an endless stream is refused without buffering it.</summary>
    public async Task<LoadedImage> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length - stream.Position > _options.MaxBytes)
        {
            throw ImageRejectedException.TooLarge(stream.Length - stream.Position, _options.MaxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _options.MaxBytes)
            {
                throw ImageRejectedException.TooLarge(null, _options.MaxBytes);
            }
        }

        return Load(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public LoadedImage Load(ReadOnlyMemory<byte> data)
    {
        if (data.Length > _options.MaxBytes)
        {
            throw ImageRejectedException.TooLarge(data.Length, _options.MaxBytes);
        }

        var kind = ImageSniffer.Detect(data.Span);
        switch (kind)
        {
            case ImageFormatKind.Empty:
                throw ImageRejectedException.Empty();
            case ImageFormatKind.Heic:
                throw ImageRejectedException.Heic();
            case not (ImageFormatKind.Jpeg or ImageFormatKind.Png or ImageFormatKind.WebP):
                throw ImageRejectedException.Unsupported(kind);
        }

        var container = ImageContainer.Inspect(kind, data);
        if (!container.Complete)
        {
            throw ImageRejectedException.Incomplete();
        }

        if (container.Animated)
        {
            throw ImageRejectedException.Animated();
        }

        var configuration = SafeImageFormats.Configuration;
        using var bytes = MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        try
        {
            var info = Image.Identify(configuration, bytes) ?? throw ImageRejectedException.Corrupt();
            if (info.Width > _options.MaxSide || info.Height > _options.MaxSide || (long)info.Width * info.Height > _options.MaxPixels)
            {
                throw ImageRejectedException.TooManyPixels(info.Width, info.Height, _options);
            }

            var exif = ExifReader.Read(container.Exif.Span);
            bytes.Position = 0;
            var image = kind == ImageFormatKind.Jpeg
                ? Image.Load<Rgb24>(configuration, bytes)
                : FlattenOntoWhite(Image.Load<Rgba32>(configuration, bytes));
            try
            {
                Orient(image, exif.Orientation);

                // The decoders already skip metadata; clearing it again keeps "nothing stored carries metadata" true by construction.
                image.Metadata.ExifProfile = null;
                image.Metadata.IccProfile = null;
                image.Metadata.IptcProfile = null;
                image.Metadata.XmpProfile = null;
                return new LoadedImage(image, kind, exif.Orientation, exif.CapturedAt);
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
        catch (NotSupportedException e)
        {
            throw ImageRejectedException.UnsupportedEncoding(e);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or InvalidDataException or ArgumentException)
        {
            throw ImageRejectedException.Corrupt(e);
        }
    }

    /// <summary>Transparent pixels become white, as a photo printed on paper would show them (never black, which a bare RGB drop gives).</summary>
    private static Image<Rgb24> FlattenOntoWhite(Image<Rgba32> source)
    {
        using (source)
        {
            var target = new Image<Rgb24>(SafeImageFormats.Configuration, source.Width, source.Height);
            source.ProcessPixelRows(target, static (from, to) =>
            {
                for (var y = 0; y < from.Height; y++)
                {
                    var sourceRow = from.GetRowSpan(y);
                    var targetRow = to.GetRowSpan(y);
                    for (var x = 0; x < sourceRow.Length; x++)
                    {
                        var p = sourceRow[x];
                        int a = p.A;
                        var white = 255 * (255 - a);
                        targetRow[x] = new Rgb24(
                            (byte)(((p.R * a) + white + 127) / 255),
                            (byte)(((p.G * a) + white + 127) / 255),
                            (byte)(((p.B * a) + white + 127) / 255));
                    }
                }
            });
            return target;
        }
    }

    /// <summary>EXIF orientation values 2-8 mapped to the rotation/flip that makes the picture upright (rotations are clockwise).</summary>
    private static void Orient(Image<Rgb24> image, int orientation)
    {
        (RotateMode Rotate, FlipMode Flip)? transform = orientation switch
        {
            2 => (RotateMode.None, FlipMode.Horizontal),
            3 => (RotateMode.Rotate180, FlipMode.None),
            4 => (RotateMode.None, FlipMode.Vertical),
            5 => (RotateMode.Rotate90, FlipMode.Horizontal),
            6 => (RotateMode.Rotate90, FlipMode.None),
            7 => (RotateMode.Rotate270, FlipMode.Horizontal),
            8 => (RotateMode.Rotate270, FlipMode.None),
            _ => null,
        };
        if (transform is { } t)
        {
            image.Mutate(x => x.RotateFlip(t.Rotate, t.Flip));
        }
    }
}

using System.Buffers.Binary;

namespace Headshots.Vision.Imaging;

/// <summary>What a walk over the file's container structure found, before any pixel decoding.</summary>
internal sealed record ContainerInfo(bool Complete, bool Animated, ReadOnlyMemory<byte> Exif);

/// <summary>
/// Walks the segments/chunks of JPEG, PNG and WebP files with bounds checks only, to find two things ImageSharp will not tell
/// us: whether the file ends properly (ImageSharp fills a cut-off JPEG with grey and reports success), and where the raw EXIF
/// block is (so metadata never reaches ImageSharp's parsers). Nothing here allocates in proportion to the claimed sizes.
/// </summary>
internal static class ImageContainer
{
    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();

    public static ContainerInfo Inspect(ImageFormatKind kind, ReadOnlyMemory<byte> data) => kind switch
    {
        ImageFormatKind.Jpeg => InspectJpeg(data),
        ImageFormatKind.Png => InspectPng(data),
        ImageFormatKind.WebP => InspectWebP(data),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only JPEG, PNG and WebP are inspected."),
    };

    /// <summary>
    /// Follows marker segments by their lengths and entropy-coded scans byte by byte until EOI. Bytes after EOI (an appended
    /// HTML or ZIP payload) are ignored here and disappear when the image is re-encoded.
    /// </summary>
    private static ContainerInfo InspectJpeg(ReadOnlyMemory<byte> memory)
    {
        var data = memory.Span;
        var exif = ReadOnlyMemory<byte>.Empty;
        var position = 2;
        while (true)
        {
            while (position < data.Length && data[position] != 0xFF)
            {
                position++;
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                return new ContainerInfo(false, false, exif);
            }

            var marker = data[position++];
            if (marker == 0xD9)
            {
                return new ContainerInfo(true, false, exif);
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (position + 2 > data.Length)
            {
                return new ContainerInfo(false, false, exif);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2 || position + length > data.Length)
            {
                return new ContainerInfo(false, false, exif);
            }

            var payload = memory.Slice(position + 2, length - 2);
            if (marker == 0xE1 && exif.IsEmpty && payload.Span.StartsWith(ExifHeader))
            {
                exif = payload[ExifHeader.Length..];
            }

            position += length;
            if (marker == 0xDA)
            {
                position = SkipEntropyCodedData(data, position);
            }
        }
    }

    /// <summary>Returns the index of the next real marker's 0xFF (stuffed 0xFF00 and restart markers belong to the scan).</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int position)
    {
        while (position + 1 < data.Length)
        {
            if (data[position] != 0xFF)
            {
                position++;
                continue;
            }

            var next = data[position + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                position += 2;
            }
            else if (next == 0xFF)
            {
                position++;
            }
            else
            {
                return position;
            }
        }

        return data.Length;
    }

    private static ContainerInfo InspectPng(ReadOnlyMemory<byte> memory)
    {
        var data = memory.Span;
        var exif = ReadOnlyMemory<byte>.Empty;
        var animated = false;
        long position = 8;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)position..]);
            var type = data.Slice((int)position + 4, 4);
            var end = position + 12 + length;
            if (end > data.Length)
            {
                return new ContainerInfo(false, animated, exif);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return new ContainerInfo(true, animated, exif);
            }

            if (type.SequenceEqual("acTL"u8))
            {
                animated = true;
            }
            else if (type.SequenceEqual("eXIf"u8) && exif.IsEmpty)
            {
                exif = memory.Slice((int)position + 8, (int)length);
            }

            position = end;
        }

        return new ContainerInfo(false, animated, exif);
    }

    private static ContainerInfo InspectWebP(ReadOnlyMemory<byte> memory)
    {
        var data = memory.Span;
        var exif = ReadOnlyMemory<byte>.Empty;
        var animated = false;
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffEnd > data.Length)
        {
            return new ContainerInfo(false, false, exif);
        }

        long position = 12;
        while (position + 8 <= riffEnd)
        {
            var type = data.Slice((int)position, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[((int)position + 4)..]);
            if (position + 8 + length > riffEnd)
            {
                return new ContainerInfo(false, animated, exif);
            }

            if (type.SequenceEqual("ANIM"u8) || type.SequenceEqual("ANMF"u8))
            {
                animated = true;
            }
            else if (type.SequenceEqual("EXIF"u8) && exif.IsEmpty)
            {
                var payload = memory.Slice((int)position + 8, (int)length);
                exif = payload.Span.StartsWith(ExifHeader) ? payload[ExifHeader.Length..] : payload;
            }

            position += 8 + length + (length & 1);
        }

        return new ContainerInfo(true, animated, exif);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Headshots.Vision.Imaging;

/// <summary>The only two EXIF facts the product uses.</summary>
internal readonly record struct ExifFacts(int Orientation, DateTime? CapturedAt)
{
    public static ExifFacts None { get; } = new(1, null);
}

/// <summary>
/// Reads the orientation (IFD0 tag 0x0112) and DateTimeOriginal (Exif IFD tag 0x9003) from a raw TIFF-structured EXIF block
/// and nothing else. Every offset is bounds-checked; a malformed block yields <see cref="ExifFacts.None"/> rather than an error,
/// because broken EXIF is common and is no reason to refuse a photo.
/// </summary>
internal static class ExifReader
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ExifIfdPointerTag = 0x8769;
    private const ushort DateTimeOriginalTag = 0x9003;
    private const int MaxEntries = 512;

    public static ExifFacts Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return ExifFacts.None;
        }

        bool bigEndian;
        if (tiff.StartsWith("MM"u8))
        {
            bigEndian = true;
        }
        else if (tiff.StartsWith("II"u8))
        {
            bigEndian = false;
        }
        else
        {
            return ExifFacts.None;
        }

        var reader = new TiffReader(tiff, bigEndian);
        if (reader.U16(2) != 42 || reader.U32(4) is not { } ifd0)
        {
            return ExifFacts.None;
        }

        var orientation = 1;
        uint? exifIfd = null;
        foreach (var (tag, type, count, valueOffset) in reader.Entries(ifd0))
        {
            if (tag == OrientationTag && type == 3 && count == 1 && reader.U16(valueOffset) is { } value and >= 1 and <= 8)
            {
                orientation = value;
            }
            else if (tag == ExifIfdPointerTag && type is 4 or 13 && count == 1)
            {
                exifIfd = reader.U32(valueOffset);
            }
        }

        DateTime? captured = null;
        if (exifIfd is { } exifOffset)
        {
            foreach (var (tag, type, count, valueOffset) in reader.Entries(exifOffset))
            {
                if (tag == DateTimeOriginalTag && type == 2 && count is >= 19 and <= 64)
                {
                    captured = ParseDate(reader.Ascii(valueOffset, count));
                }
            }
        }

        return new ExifFacts(orientation, captured);
    }

    /// <summary>EXIF dates are the camera's local time with no zone; the recency check only needs the day.</summary>
    private static DateTime? ParseDate(string? text)
    {
        var trimmed = text?.TrimEnd('\0', ' ');
        return trimmed is { Length: >= 19 }
               && DateTime.TryParseExact(trimmed[..19], "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
    }

    private readonly ref struct TiffReader(ReadOnlySpan<byte> data, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public ushort? U16(long offset) => offset >= 0 && offset + 2 <= _data.Length
            ? bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_data[(int)offset..]) : BinaryPrimitives.ReadUInt16LittleEndian(_data[(int)offset..])
            : null;

        public uint? U32(long offset) => offset >= 0 && offset + 4 <= _data.Length
            ? bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_data[(int)offset..]) : BinaryPrimitives.ReadUInt32LittleEndian(_data[(int)offset..])
            : null;

        /// <summary>An ASCII value: stored inline when it fits in 4 bytes, otherwise at the offset the entry holds.</summary>
        public string? Ascii(long valueField, uint count)
        {
            var start = count <= 4 ? valueField : U32(valueField) ?? uint.MaxValue;
            return start + count <= _data.Length ? Encoding.ASCII.GetString(_data.Slice((int)start, (int)count)) : null;
        }

        /// <summary>Entries of one IFD as (tag, type, count, offset of the 4-byte value field).</summary>
        public List<(ushort Tag, ushort Type, uint Count, long ValueOffset)> Entries(long ifdOffset)
        {
            var entries = new List<(ushort, ushort, uint, long)>();
            if (U16(ifdOffset) is not { } count || count > MaxEntries)
            {
                return entries;
            }

            for (var i = 0; i < count; i++)
            {
                var entry = ifdOffset + 2 + (12L * i);
                if (U16(entry) is { } tag && U16(entry + 2) is { } type && U32(entry + 4) is { } valueCount && entry + 12 <= _data.Length)
                {
                    entries.Add((tag, type, valueCount, entry + 8));
                }
            }

            return entries;
        }
    }
}

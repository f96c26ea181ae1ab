using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Imaging;

/// <summary>Bad and unusual inputs generated in code, each as small as it can be while still being what it claims.</summary>
internal static class ImageFixtures
{
    public static readonly Rgb24 Red = new(220, 30, 30);
    public static readonly Rgb24 Blue = new(30, 30, 220);

    /// <summary>Left half red, right half blue: orientation mistakes show up as the wrong colour at a known corner.</summary>
    public static Image<Rgb24> LeftRedRightBlue(int width = 64, int height = 32)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = x < width / 2 ? Red : Blue;
                }
            }
        });
        return image;
    }

    public static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var buffer = new MemoryStream();
        image.Save(buffer, encoder);
        return buffer.ToArray();
    }

    public static byte[] Jpeg(Image image, JpegColorType colorType = JpegColorType.YCbCrRatio444) =>
        Encode(image, new JpegEncoder { Quality = 95, ColorType = colorType });

    /// <summary>A JPEG carrying orientation, capture date and a GPS position in EXIF, plus an XMP packet.</summary>
    public static byte[] JpegWithExif(ushort orientation, string dateTimeOriginal = "2024:05:17 10:30:00")
    {
        using var image = LeftRedRightBlue();
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.DateTimeOriginal, dateTimeOriginal);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(52, 1), new Rational(22, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(4, 1), new Rational(53, 1), new Rational(5678, 100)]);
        image.Metadata.ExifProfile = exif;
        image.Metadata.XmpProfile = new SixLabors.ImageSharp.Metadata.Profiles.Xmp.XmpProfile(
            Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>"));
        return Jpeg(image);
    }

    /// <summary>
    /// A valid PNG whose header claims <paramref name="width"/> × <paramref name="height"/> with only a few bytes of pixel data:
    /// the decompression-bomb shape (tiny file, enormous canvas). Identify reads the header; a decoder would allocate the canvas.
    /// </summary>
    public static byte[] PngHeaderOnly(uint width, uint height)
    {
        using var buffer = new MemoryStream();
        buffer.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(buffer, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(new byte[4096]);
            }

            WriteChunk(buffer, "IDAT", compressed.ToArray());
        }

        WriteChunk(buffer, "IEND", []);
        return buffer.ToArray();
    }

    /// <summary>GIF89a with the NETSCAPE loop extension and two 1×1 frames.</summary>
    public static byte[] AnimatedGif()
    {
        byte[] frame = [0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00];
        return
        [
            .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
            0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00,
            .. frame, .. frame, 0x3B,
        ];
    }

    /// <summary>The start of an iPhone HEIC file: an ISO-BMFF 'ftyp' box with the 'heic' brand.</summary>
    public static byte[] Heic() =>
        [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, 0, 0, 0, 0x08, .. "meta"u8];

    /// <summary>
    /// A hand-written progressive JPEG (SOF2), 16×8 grey, two 8×8 blocks: a DC-only first scan (block values 64 and 192) and an
    /// AC scan that ends both blocks at once. ImageSharp 2.1's encoder cannot write progressive files, so the bits are spelled out.
    /// </summary>
    public static byte[] ProgressiveJpeg()
    {
        var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(output, 0xC2, [8, 0, 8, 0, 16, 1, 1, 0x11, 0]);

        // DC table 0: two 2-bit codes, '00' = category 10, '01' = category 11. AC table 0: one 1-bit code, '0' = EOB.
        Segment(output, 0xC4, [0x00, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 11]);
        Segment(output, 0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);

        // DC scan. Block 1: DC -512 (category 10, bits of -512 + 1023). Block 2: difference +1024 (category 11).
        Segment(output, 0xDA, [1, 1, 0x00, 0, 0, 0x00]);
        output.Write(Bits("00" + "0111111111" + "01" + "10000000000"));
        Segment(output, 0xDA, [1, 1, 0x00, 1, 63, 0x00]);
        output.Write(Bits("0" + "0"));
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static byte[] Bits(string bits)
    {
        var padded = bits.PadRight((bits.Length + 7) / 8 * 8, '1');
        var bytes = new List<byte>();
        for (var i = 0; i < padded.Length; i += 8)
        {
            var value = Convert.ToByte(padded.Substring(i, 8), 2);
            bytes.Add(value);
            if (value == 0xFF)
            {
                bytes.Add(0x00);
            }
        }

        return [.. bytes];
    }

    private static void Segment(Stream output, byte marker, byte[] payload)
    {
        output.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        output.Write(payload);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        var typeAndData = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        output.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

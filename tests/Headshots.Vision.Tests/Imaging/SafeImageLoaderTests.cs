using System.Text;
using Headshots.Vision.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Imaging;

/// <summary>The decoding rows of the bad-input matrix in reliability-and-security.md, each with its exact outcome.</summary>
public sealed class SafeImageLoaderTests
{
    private const string Accepted = "Please upload a JPEG, PNG or WebP photo.";

    private readonly SafeImageLoader _loader = new();

    [Fact]
    public void An_empty_file_is_refused_as_empty()
    {
        var error = Reject([]);

        Assert.Equal(ImageRejectionReason.Empty, error.Reason);
        Assert.Equal($"The file is empty. {Accepted}", error.Message);
    }

    [Fact]
    public void Random_bytes_named_jpg_are_not_a_photo()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x00;

        var error = Reject(bytes);

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Equal($"This file is not a photo we can read. {Accepted}", error.Message);
    }

    [Fact]
    public void An_html_page_renamed_jpg_is_refused()
    {
        var error = Reject(Encoding.UTF8.GetBytes("\uFEFF  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>"));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Equal($"This file is a web page or text, not a photo. {Accepted}", error.Message);
    }

    [Fact]
    public void An_svg_renamed_jpg_is_refused()
    {
        var error = Reject(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Equal($"SVG drawings are not supported. {Accepted}", error.Message);
    }

    [Theory]
    [InlineData("<html><body>payload</body></html>")]
    [InlineData("PK\u0003\u0004payload.txt")]
    public void A_jpeg_with_an_appended_payload_is_accepted_only_as_a_reencoded_image_without_it(string payload)
    {
        using var source = ImageFixtures.LeftRedRightBlue();
        var bytes = (byte[])[.. ImageFixtures.Jpeg(source), .. Encoding.ASCII.GetBytes(payload)];

        using var loaded = _loader.Load(bytes);
        var stored = ImageReencoder.ToJpegBytes(loaded.Image);

        Assert.Equal((64, 32), (loaded.Image.Width, loaded.Image.Height));
        Assert.Equal(-1, stored.AsSpan().IndexOf("payload"u8));
        Assert.True(stored.AsSpan().EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]));
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_as_incomplete_although_imagesharp_alone_would_decode_it()
    {
        using var source = ImageFixtures.LeftRedRightBlue(256, 256);
        var full = ImageFixtures.Jpeg(source);
        var truncated = full[..(full.Length * 2 / 3)];

        // The reason for the container walk: ImageSharp fills the missing part with grey and reports success.
        using (Image.Load<Rgb24>(SafeImageFormats.Configuration, new MemoryStream(truncated)))
        {
        }

        var error = Reject(truncated);

        Assert.Equal(ImageRejectionReason.Incomplete, error.Reason);
        Assert.Equal("The image is incomplete: the upload was cut off before the end of the file. Please upload it again.", error.Message);
    }

    [Fact]
    public void A_truncated_png_is_refused_as_incomplete()
    {
        using var source = ImageFixtures.LeftRedRightBlue();
        var full = ImageFixtures.Encode(source, new PngEncoder());

        Assert.Equal(ImageRejectionReason.Incomplete, Reject(full[..(full.Length - 20)]).Reason);
    }

    [Fact]
    public void A_30000_by_30000_png_bomb_is_refused_from_its_header_before_decoding()
    {
        var bomb = ImageFixtures.PngHeaderOnly(30000, 30000);

        var error = Reject(bomb);

        Assert.True(bomb.Length < 200, $"the bomb fixture is {bomb.Length} bytes");
        Assert.Equal(ImageRejectionReason.TooManyPixels, error.Reason);
        Assert.Equal("The image is 30000 x 30000 pixels; the limit is 40 megapixels and 8000 pixels per side. Please upload a smaller photo.", error.Message);
    }

    [Fact]
    public void A_1_by_8000000_strip_is_refused_by_the_per_side_limit()
    {
        var error = Reject(ImageFixtures.PngHeaderOnly(1, 8_000_000));

        Assert.Equal(ImageRejectionReason.TooManyPixels, error.Reason);
        Assert.StartsWith("The image is 1 x 8000000 pixels;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pixel_budget_applies_even_when_each_side_is_allowed()
    {
        var error = Reject(ImageFixtures.PngHeaderOnly(7000, 7000));

        Assert.Equal(ImageRejectionReason.TooManyPixels, error.Reason);
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused_before_anything_else()
    {
        var bytes = new byte[(15 * 1024 * 1024) + 1];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;

        var error = Reject(bytes);

        Assert.Equal(ImageRejectionReason.FileTooLarge, error.Reason);
        Assert.Equal("The file is 15.0 MB; the limit is 15 MB. Please upload a smaller photo.", error.Message);
    }

    [Fact]
    public async Task An_endless_upload_stream_is_cut_off_at_the_byte_limit()
    {
        var loader = new SafeImageLoader(new ImageLoadOptions { MaxBytes = 1024 * 1024 });

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => loader.LoadAsync(new EndlessStream()));

        Assert.Equal(ImageRejectionReason.FileTooLarge, error.Reason);
        Assert.Equal("The file is larger than the 1 MB limit. Please upload a smaller photo.", error.Message);
    }

    [Fact]
    public async Task A_seekable_upload_over_the_limit_is_refused_before_it_is_read()
    {
        using var upload = new MemoryStream(new byte[(16 * 1024 * 1024) + 1]);

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => _loader.LoadAsync(upload));

        Assert.Equal("The file is 16.0 MB; the limit is 15 MB. Please upload a smaller photo.", error.Message);
        Assert.Equal(0, upload.Position);
    }

    [Fact]
    public async Task A_photo_loads_from_a_stream()
    {
        using var source = ImageFixtures.LeftRedRightBlue();
        using var upload = new MemoryStream(ImageFixtures.Jpeg(source));

        using var loaded = await _loader.LoadAsync(upload);

        Assert.Equal((64, 32), (loaded.Image.Width, loaded.Image.Height));
    }

    [Fact]
    public void An_animated_gif_is_unsupported()
    {
        var error = Reject(ImageFixtures.AnimatedGif());

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Equal($"GIF images are not supported. {Accepted}", error.Message);
    }

    [Fact]
    public void A_heic_photo_is_refused_with_instructions_to_export_jpeg()
    {
        var error = Reject(ImageFixtures.Heic());

        Assert.Equal(ImageRejectionReason.HeicNotSupported, error.Reason);
        Assert.StartsWith("HEIC photos (the iPhone default) are not supported yet. Please upload a JPEG instead:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Most Compatible", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cmyk_jpeg_decodes_with_its_colours()
    {
        using var source = ImageFixtures.LeftRedRightBlue();

        using var loaded = _loader.Load(ImageFixtures.Jpeg(source, JpegColorType.Cmyk));

        AssertClose(ImageFixtures.Red, loaded.Image[4, 16], 12);
        AssertClose(ImageFixtures.Blue, loaded.Image[60, 16], 12);
    }

    [Fact]
    public void A_grayscale_jpeg_decodes_to_grey_rgb()
    {
        using var source = new Image<L8>(40, 30, new L8(90));

        using var loaded = _loader.Load(ImageFixtures.Jpeg(source, JpegColorType.Luminance));

        AssertClose(new Rgb24(90, 90, 90), loaded.Image[20, 15], 2);
    }

    [Fact]
    public void A_hand_written_progressive_jpeg_decodes()
    {
        using var loaded = _loader.Load(ImageFixtures.ProgressiveJpeg());

        Assert.Equal((16, 8), (loaded.Image.Width, loaded.Image.Height));
        AssertClose(new Rgb24(64, 64, 64), loaded.Image[3, 4], 1);
        AssertClose(new Rgb24(192, 192, 192), loaded.Image[12, 4], 1);
    }

    [Fact]
    public void A_16_bit_png_decodes()
    {
        using var source = new Image<Rgb48>(20, 10, new Rgb48(65535, 32768, 0));

        using var loaded = _loader.Load(ImageFixtures.Encode(source, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb }));

        Assert.Equal(new Rgb24(255, 128, 0), loaded.Image[5, 5]);
        Assert.Equal(ImageFormatKind.Png, loaded.Format);
    }

    [Fact]
    public void A_grayscale_png_decodes()
    {
        using var source = new Image<L8>(20, 10, new L8(200));

        using var loaded = _loader.Load(ImageFixtures.Encode(source, new PngEncoder { ColorType = PngColorType.Grayscale }));

        Assert.Equal(new Rgb24(200, 200, 200), loaded.Image[5, 5]);
    }

    [Fact]
    public void Transparent_png_pixels_are_flattened_onto_white()
    {
        using var source = new Image<Rgba32>(4, 1);
        source[0, 0] = new Rgba32(0, 0, 0, 0);
        source[1, 0] = new Rgba32(255, 0, 0, 255);
        source[2, 0] = new Rgba32(0, 0, 0, 128);
        source[3, 0] = new Rgba32(0, 0, 255, 0);

        using var loaded = _loader.Load(ImageFixtures.Encode(source, new PngEncoder { ColorType = PngColorType.RgbWithAlpha }));

        Assert.Equal(new Rgb24(255, 255, 255), loaded.Image[0, 0]);
        Assert.Equal(new Rgb24(255, 0, 0), loaded.Image[1, 0]);
        Assert.Equal(new Rgb24(127, 127, 127), loaded.Image[2, 0]);
        Assert.Equal(new Rgb24(255, 255, 255), loaded.Image[3, 0]);
    }

    [Theory]
    [InlineData(WebpFileFormatType.Lossy)]
    [InlineData(WebpFileFormatType.Lossless)]
    public void A_webp_decodes(WebpFileFormatType type)
    {
        using var source = ImageFixtures.LeftRedRightBlue();

        using var loaded = _loader.Load(ImageFixtures.Encode(source, new WebpEncoder { FileFormat = type, Quality = 90 }));

        Assert.Equal(ImageFormatKind.WebP, loaded.Format);
        AssertClose(ImageFixtures.Red, loaded.Image[4, 16], 16);
        AssertClose(ImageFixtures.Blue, loaded.Image[60, 16], 16);
    }

    [Fact]
    public void A_truncated_webp_is_refused_as_incomplete()
    {
        using var source = ImageFixtures.LeftRedRightBlue();
        var full = ImageFixtures.Encode(source, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy });

        Assert.Equal(ImageRejectionReason.Incomplete, Reject(full[..(full.Length - 10)]).Reason);
    }

    [Fact]
    public void Exif_orientation_6_is_turned_upright_clockwise()
    {
        using var loaded = _loader.Load(ImageFixtures.JpegWithExif(6));

        // The stored picture is 64×32, left red; rotated 90° clockwise the left edge becomes the top.
        Assert.Equal((32, 64), (loaded.Image.Width, loaded.Image.Height));
        Assert.Equal(6, loaded.ExifOrientation);
        AssertClose(ImageFixtures.Red, loaded.Image[16, 4], 12);
        AssertClose(ImageFixtures.Blue, loaded.Image[16, 60], 12);
    }

    [Fact]
    public void Exif_orientation_8_is_turned_upright_counterclockwise()
    {
        using var loaded = _loader.Load(ImageFixtures.JpegWithExif(8));

        Assert.Equal((32, 64), (loaded.Image.Width, loaded.Image.Height));
        AssertClose(ImageFixtures.Blue, loaded.Image[16, 4], 12);
        AssertClose(ImageFixtures.Red, loaded.Image[16, 60], 12);
    }

    [Fact]
    public void The_exif_capture_date_is_read_before_metadata_is_dropped()
    {
        using var loaded = _loader.Load(ImageFixtures.JpegWithExif(1, "2023:11:02 08:15:42"));

        Assert.Equal(new DateTime(2023, 11, 2, 8, 15, 42), loaded.CapturedAt);
    }

    [Fact]
    public void Gps_and_every_other_metadata_are_gone_from_the_decoded_and_the_stored_image()
    {
        var upload = ImageFixtures.JpegWithExif(6);
        Assert.NotEqual(-1, upload.AsSpan().IndexOf("Exif\0\0"u8));

        using var loaded = _loader.Load(upload);
        var stored = ImageReencoder.ToJpegBytes(loaded.Image);

        Assert.Null(loaded.Image.Metadata.ExifProfile);
        Assert.Null(loaded.Image.Metadata.XmpProfile);
        Assert.Null(loaded.Image.Metadata.IccProfile);
        Assert.Null(loaded.Image.Metadata.IptcProfile);
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("xmpmeta"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("ICC_PROFILE"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xE1]));
    }

    [Fact]
    public void A_photo_without_exif_has_orientation_1_and_no_capture_date()
    {
        using var source = ImageFixtures.LeftRedRightBlue();

        using var loaded = _loader.Load(ImageFixtures.Jpeg(source));

        Assert.Equal(1, loaded.ExifOrientation);
        Assert.Null(loaded.CapturedAt);
        Assert.Equal(ImageFormatKind.Jpeg, loaded.Format);
    }

    [Fact]
    public void A_jpeg_with_damaged_scan_data_is_refused_as_corrupt_not_incomplete()
    {
        var bytes = (byte[])[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];

        var error = Reject(bytes);

        Assert.Equal(ImageRejectionReason.Corrupt, error.Reason);
        Assert.Equal("The image could not be read because the file is damaged. Please export the photo again and upload it.", error.Message);
    }

    [Theory]
    [InlineData("face-api-sample1.jpg", 1920)]
    [InlineData("face-api-sample6.jpg", 1920)]
    [InlineData("human-facematch.jpg", 1920)]
    [InlineData("lenna.png", 512)]
    public void Real_photos_from_the_test_assets_load(string name, int width)
    {
        using var loaded = _loader.Load(File.ReadAllBytes(TestPaths.RequireTestAsset(name)));

        Assert.Equal(width, loaded.Image.Width);
        Assert.Null(loaded.Image.Metadata.ExifProfile);
    }

    private ImageRejectedException Reject(byte[] bytes) => Assert.Throws<ImageRejectedException>(() => _loader.Load(bytes));

    private static void AssertClose(Rgb24 expected, Rgb24 actual, int tolerance) =>
        Assert.True(
            Math.Abs(expected.R - actual.R) <= tolerance && Math.Abs(expected.G - actual.G) <= tolerance && Math.Abs(expected.B - actual.B) <= tolerance,
            $"expected about {expected}, got {actual}");

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)0xFF, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

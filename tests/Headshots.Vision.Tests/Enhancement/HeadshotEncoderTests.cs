using System.Text;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Enhancement;

public sealed class HeadshotEncoderTests
{
    private static readonly Provenance Sample = new(
        "studio-grey", Intensity.Standard, GateVerdict.Accept, 0.93f, 0.95f, 1, 1f, [new ModelFingerprint("fr_feature", new string('a', 64))], ["selfie_segmentation:" + new string('b', 64)]);

    [Fact]
    public void The_issuing_servers_headshot_id_is_written_only_when_known()
    {
        using var image = new Image<Rgb24>(32, 32, new Rgb24(120, 130, 140));
        var id = Guid.NewGuid();

        var withId = Encoding.UTF8.GetString((Sample with { HeadshotId = id }).ToXmp());
        var without = Encoding.UTF8.GetString(Sample.ToXmp());

        Assert.Contains($"hs:HeadshotId=\"{id:D}\"", withId, StringComparison.Ordinal);
        Assert.DoesNotContain("HeadshotId", without, StringComparison.Ordinal);
        using var decoded = Image.Load<Rgb24>(HeadshotEncoder.Encode(image, HeadshotFormat.Png, (Sample with { HeadshotId = id })));
        Assert.Contains(id.ToString("D"), Encoding.UTF8.GetString(decoded.Metadata.XmpProfile!.ToByteArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HeadshotFormat.Jpeg)]
    [InlineData(HeadshotFormat.Png)]
    public void The_output_carries_our_provenance_and_none_of_the_source_metadata(HeadshotFormat format)
    {
        using var image = new Image<Rgb24>(64, 80, new Rgb24(120, 130, 140));
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.Make, "SourceCameraMaker");
        exif.SetValue(ExifTag.Software, "SourceEditor");
        image.Metadata.ExifProfile = exif;

        var bytes = HeadshotEncoder.Encode(image, format, Sample);

        using var decoded = Image.Load<Rgb24>(bytes);
        Assert.Null(decoded.Metadata.ExifProfile);
        Assert.Null(decoded.Metadata.IptcProfile);
        Assert.Null(decoded.Metadata.IccProfile);
        var xmp = Encoding.UTF8.GetString(Assert.IsType<SixLabors.ImageSharp.Metadata.Profiles.Xmp.XmpProfile>(decoded.Metadata.XmpProfile).ToByteArray());
        Assert.Contains("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced\"", xmp, StringComparison.Ordinal);
        Assert.Contains("AI-enhanced", xmp, StringComparison.Ordinal);
        Assert.Contains("hs:GateVerdict=\"accept\"", xmp, StringComparison.Ordinal);
        Assert.Contains("hs:GateIdentity=\"0.9300\"", xmp, StringComparison.Ordinal);
        Assert.Contains("hs:ThresholdsVersion=\"1\"", xmp, StringComparison.Ordinal);
        Assert.Contains("fr_feature:aaaa", xmp, StringComparison.Ordinal);

        // The raw file holds no EXIF segment and none of the source's strings.
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("Exif\0\0", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SourceCameraMaker", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SourceEditor", raw, StringComparison.Ordinal);

        // The caller's image is left as it was.
        Assert.NotNull(image.Metadata.ExifProfile);
    }

    [Fact]
    public void Jpeg_output_is_quality_92_baseline_the_same_as_every_stored_photo()
    {
        using var image = new Image<Rgb24>(32, 32, new Rgb24(10, 200, 30));

        var bytes = HeadshotEncoder.Encode(image, HeadshotFormat.Jpeg, Sample);

        Assert.Equal(0xFF, bytes[0]);
        Assert.Equal(0xD8, bytes[1]);
        var info = Image.Identify(bytes);
        Assert.Equal(92, info.Metadata.GetJpegMetadata().Quality);
    }
}

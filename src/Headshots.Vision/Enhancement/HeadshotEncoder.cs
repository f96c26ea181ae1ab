using System.Globalization;
using System.Security;
using System.Text;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

public enum HeadshotFormat
{
    Jpeg,
    Png,
}

/// <summary>What the output says about itself: that it was enhanced by software, by what, and what the gate decided.</summary>
public sealed record Provenance(
    string Style,
    Intensity Intensity,
    GateVerdict Verdict,
    float? Identity,
    float? SourceSimilarity,
    int ThresholdsVersion,
    float Strength,
    IReadOnlyList<ModelFingerprint> GateModels,
    IReadOnlyList<string> EnhancementModels)
{
    /// <summary>IPTC NewsCodes digital source type for a photo changed by algorithms without generating new content.</summary>
    public const string DigitalSourceType = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced";

    /// <summary>Our own XMP namespace; a URN, so no host name is implied.</summary>
    public const string Namespace = "urn:headshots:provenance:1";

    /// <summary>
    /// The issuing server's id for this headshot, so a downloaded file can be traced back to its record (and a changed
    /// one recognised as changed). Null when encoding outside the web app.
    /// </summary>
    public Guid? HeadshotId { get; init; }

    public static Provenance From(EnhancementResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var d = result.Decision;
        var chosen = result.Attempts.LastOrDefault(a => a.Verdict == d.Verdict && a.Scores == d.Scores);
        return new Provenance(
            result.Request.Style.Name,
            result.Request.Intensity,
            d.Verdict,
            d.Scores.Identity,
            d.Scores.SourceSimilarity,
            d.Thresholds.Version,
            chosen?.Strength ?? 0,
            d.Models,
            result.ModelIds);
    }

    public string Note => "AI-enhanced by Headshots from the person's own photo (framing, backdrop, light and colour, retouch; " +
        $"strength {Strength.ToString("0.00", CultureInfo.InvariantCulture)}); no face was generated. Authenticity gate: {Verdict.ToString().ToLowerInvariant()}.";

    /// <summary>An XMP packet (UTF-8) with the IPTC digital source type, a description and the gate's numbers.</summary>
    public byte[] ToXmp()
    {
        static string F(float? v) => v?.ToString("0.0000", CultureInfo.InvariantCulture) ?? string.Empty;
        var models = string.Join(' ', GateModels.Select(m => $"{m.Id}:{m.Sha256}").Concat(EnhancementModels));
        var xml = new StringBuilder()
            .Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
            .Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
            .Append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
            .Append("  <rdf:Description rdf:about=\"\"\n")
            .Append("    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n")
            .Append("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
            .Append("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n")
            .Append("    xmlns:exif=\"http://ns.adobe.com/exif/1.0/\"\n")
            .Append(CultureInfo.InvariantCulture, $"    xmlns:hs=\"{Namespace}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    Iptc4xmpExt:DigitalSourceType=\"{DigitalSourceType}\"\n")
            .Append("    xmp:CreatorTool=\"Headshots\"\n")
            .Append("    exif:ColorSpace=\"1\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:Style=\"{Escape(Style)}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:Intensity=\"{Intensity.ToString().ToLowerInvariant()}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:Strength=\"{Strength.ToString("0.00", CultureInfo.InvariantCulture)}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:GateVerdict=\"{Verdict.ToString().ToLowerInvariant()}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:GateIdentity=\"{F(Identity)}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:GateSourceSimilarity=\"{F(SourceSimilarity)}\"\n")
            .Append(CultureInfo.InvariantCulture, $"    hs:ThresholdsVersion=\"{ThresholdsVersion}\"\n")
            .Append(HeadshotId is { } id ? string.Create(CultureInfo.InvariantCulture, $"    hs:HeadshotId=\"{id:D}\"\n") : "")
            .Append(CultureInfo.InvariantCulture, $"    hs:Models=\"{Escape(models)}\">\n")
            .Append("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">")
            .Append(Escape(Note))
            .Append("</rdf:li></rdf:Alt></dc:description>\n")
            .Append("  </rdf:Description>\n")
            .Append(" </rdf:RDF>\n")
            .Append("</x:xmpmeta>\n")
            .Append("<?xpacket end=\"w\"?>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}

/// <summary>
/// Writes the headshot as sRGB JPEG (quality 92, 4:4:4 as every stored photo) or PNG. Nothing of the source's metadata
/// survives: the image is a fresh one built from pixels, and every profile is cleared before our XMP packet is set.
/// Untagged 8-bit RGB is sRGB by convention; the XMP also says so (exif:ColorSpace = 1).
/// </summary>
public static class HeadshotEncoder
{
    public static byte[] Encode(Image<Rgb24> image, HeadshotFormat format, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(provenance);
        using var copy = image.Clone();
        copy.Metadata.ExifProfile = null;
        copy.Metadata.IccProfile = null;
        copy.Metadata.IptcProfile = null;
        copy.Metadata.XmpProfile = new XmpProfile(provenance.ToXmp());
        using var buffer = new MemoryStream();
        if (format == HeadshotFormat.Jpeg)
        {
            copy.SaveAsJpeg(buffer, new JpegEncoder { Quality = ImageReencoder.DefaultQuality, ColorType = JpegColorType.YCbCrRatio444 });
        }
        else
        {
            copy.SaveAsPng(buffer, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        }

        return buffer.ToArray();
    }
}

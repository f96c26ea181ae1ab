using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Headshots.Vision.Enhancement;
using Headshots.Web.Data;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;

namespace Headshots.Web.Features.Sharing;

public enum VerificationOutcome
{
    /// <summary>Not a JPEG or PNG we could read; nothing was looked up.</summary>
    Unreadable,

    /// <summary>Byte-for-byte a file this server issued for an approved headshot.</summary>
    IssuedUnmodified,

    /// <summary>Names an approved headshot of ours in its provenance metadata, but the bytes differ from what we issued.</summary>
    IssuedModified,

    /// <summary>Made here, but the authenticity check held it back: it was never approved for use.</summary>
    NotApproved,

    /// <summary>No headshot we hold matches it (or its owner has deleted it: the two are told apart nowhere).</summary>
    NotIssued,
}

public sealed record VerificationResult(VerificationOutcome Outcome, HeadshotCard? Card);

/// <summary>
/// Tells a recruiter whether this server issued a headshot file and whether it is unchanged: first by the SHA-256 of the
/// exact bytes against what we stored, then by the headshot id in our XMP provenance. A deleted headshot has no rows,
/// so it reads as "not issued" and nothing about it can be learnt.
/// </summary>
public sealed class FileVerifier(AppDbContext db)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    private static readonly XName HeadshotIdName = XName.Get(nameof(Provenance.HeadshotId), Provenance.Namespace);

    public async Task<VerificationResult> VerifyAsync(byte[] file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var format = file.Length is > 0 and <= MaxBytes ? Image.DetectFormat(file) : null;
        if (format is null || (format.Name != "JPEG" && format.Name != "PNG"))
        {
            return new(VerificationOutcome.Unreadable, null);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        var issued = await db.HeadshotContents.AsNoTracking()
            .Where(c => c.JpegSha256 == sha256 || c.PngSha256 == sha256)
            .Select(c => c.HeadshotId)
            .FirstOrDefaultAsync(cancellationToken);
        if (issued != Guid.Empty && await FindAsync(issued, cancellationToken) is { } exact)
        {
            return exact.IsApproved
                ? new(VerificationOutcome.IssuedUnmodified, HeadshotCard.From(exact))
                : new(VerificationOutcome.NotApproved, null);
        }

        if (ReadHeadshotId(file) is { } named && await FindAsync(named, cancellationToken) is { } original)
        {
            return original.IsApproved
                ? new(VerificationOutcome.IssuedModified, HeadshotCard.From(original))
                : new(VerificationOutcome.NotApproved, null);
        }

        return new(VerificationOutcome.NotIssued, null);
    }

    private Task<Headshot?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Headshots.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id && h.Width > 0, cancellationToken);

    /// <summary>The hs:HeadshotId of our XMP packet (as attribute or element, both valid XMP), or null.</summary>
    internal static Guid? ReadHeadshotId(byte[] file)
    {
        try
        {
            var xmp = Image.Identify(file)?.Metadata.XmpProfile?.ToByteArray();
            if (xmp is null || xmp.Length == 0)
            {
                return null;
            }

            using var reader = XmlReader.Create(new MemoryStream(xmp), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 1_000_000,
            });
            var document = XDocument.Load(reader);
            var value = document.Descendants().Select(e => (string?)e.Attribute(HeadshotIdName)).FirstOrDefault(v => v is not null)
                ?? document.Descendants(HeadshotIdName).Select(e => e.Value).FirstOrDefault();
            return Guid.TryParse(value, out var id) ? id : null;
        }
        catch (Exception e) when (e is XmlException or UnknownImageFormatException or InvalidImageContentException or ImageFormatException)
        {
            return null;
        }
    }
}

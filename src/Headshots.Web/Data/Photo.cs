using System.Linq.Expressions;

namespace Headshots.Web.Data;

/// <summary>
/// A source photo the user uploaded and the checks accepted. Only re-encoded bytes without metadata are kept, in
/// <see cref="PhotoContent"/>, written in the same transaction as this row (see docs/decisions/photo-storage.md).
/// </summary>
public sealed class Photo
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The user's own file name, cleaned for display (never used as a path).</summary>
    public required string DisplayName { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>EXIF capture date (camera local time) read before the metadata was dropped; null when the file had none.</summary>
    public DateTime? CapturedAt { get; set; }

    /// <summary>The face embedding, both identity models' outputs (<c>FaceEmbedding</c>, 640 values from pipeline version 3; biometric data: deleted with the photo, at the latest after the retention period).</summary>
    public required float[] Embedding { get; set; }

    /// <summary>
    /// The <see cref="Headshots.Vision.Faces.FaceEmbedding.PipelineVersion"/> that computed <see cref="Embedding"/>; an older one is
    /// recomputed from <see cref="Content"/> before it is compared (<see cref="Features.Photos.PhotoEmbeddings"/>).
    /// </summary>
    public int EmbeddingVersion { get; set; }

    /// <summary>Identity score (<c>FaceEmbedding.Similarity</c>) against the mean of the user's other photos when it was checked; null for the first photo.</summary>
    public float? ConsistencyScore { get; set; }

    /// <summary>Set when the photo does not look like the user's other photos; such a photo is no reference unless the user insists.</summary>
    public bool LooksInconsistent { get; set; }

    /// <summary>The user asked to use it as a reference although it looked inconsistent.</summary>
    public bool UserInsisted { get; set; }

    /// <summary>The gate-settings version whose source-photo limits accepted this photo (null for photos from before versions).</summary>
    public int? GateSettingsVersion { get; set; }

    /// <summary>Guidance shown with the photo (e.g. older than two years); empty when none.</summary>
    public List<string> Notes { get; set; } = [];

    public PhotoContent? Content { get; set; }

    /// <summary>Whether the photo counts as one of the user's references, in a form EF Core translates to SQL.</summary>
    public static Expression<Func<Photo, bool>> IsReferencePhoto { get; } = p => !p.LooksInconsistent || p.UserInsisted;

    private static readonly Func<Photo, bool> IsReferenceCompiled = IsReferencePhoto.Compile();

    public bool IsReference => IsReferenceCompiled(this);
}

/// <summary>The re-encoded JPEG of a <see cref="Photo"/>, in its own table so listing photos never reads image bytes.</summary>
public sealed class PhotoContent
{
    public Guid PhotoId { get; set; }

    public required byte[] Jpeg { get; set; }

    public required string Sha256 { get; set; }
}

/// <summary>Explicit consent to biometric processing: who, when, and which text they agreed to.</summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string TextVersion { get; set; }

    public DateTimeOffset GivenAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>What was deleted and when. Kept after the account is gone so the person can be shown proof of deletion.</summary>
public sealed class DeletionReceipt
{
    public Guid Id { get; set; }

    /// <summary>The account the deletion was for. Not a foreign key: the account may be among the things deleted.</summary>
    public required string UserId { get; set; }

    public DateTimeOffset DeletedAt { get; set; }

    /// <summary>Why: "user request" or "retention".</summary>
    public required string Reason { get; set; }

    /// <summary>Plain-language lines, e.g. "3 source photos and their face measurements".</summary>
    public List<string> Items { get; set; } = [];
}

using System.ComponentModel.DataAnnotations;

namespace Headshots.Web.Features.Photos;

public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>How many source photos a user may keep (the issue asks for 1–10 per user).</summary>
    [Range(1, 100)]
    public int MaxPhotosPerUser { get; set; } = 10;

    /// <summary>Largest upload in bytes (15 MiB: a 12 MP phone JPEG is 3–8 MB).</summary>
    [Range(1024, 200 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Photos taken longer ago than this get a note: a headshot must show how the person looks now.</summary>
    [Range(0.1, 50)]
    public double RecencyYears { get; set; } = 2;

    /// <summary>
    /// A new photo whose identity score against the mean of the user's other photos is below this does not look like them
    /// and is left out of the references unless the user insists. Same value as the gate's review floor (docs/gate.md).
    /// Only the initial value: admins change it with the gate settings (/Admin/Gate), which PhotoIntake reads.
    /// </summary>
    [Range(-1.0, 1.0)]
    public float ConsistencyMinSimilarity { get; set; } = 0.40f;

    /// <summary>Source photos and their face measurements are deleted this many days after upload.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;
}

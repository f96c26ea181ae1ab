namespace Headshots.Web.Data;

/// <summary>
/// One numbered version of the gate settings (thresholds and source-photo limits). Rows are only ever added: the
/// highest version is in force and the others are its history. Version 1 is the code defaults, written on first use.
/// </summary>
public sealed class GateSettingsVersion
{
    /// <summary>1, 2, 3…; the primary key, so two admins saving on top of the same version cannot both win.</summary>
    public int Version { get; set; }

    /// <summary><c>Headshots.Vision.Authenticity.GateThresholds</c> as JSON.</summary>
    public required string Thresholds { get; set; }

    /// <summary><c>Headshots.Vision.Faces.PhotoQualityOptions</c> as JSON: the limits a source photo must pass.</summary>
    public required string PhotoQuality { get; set; }

    /// <summary>A new photo less similar than this to the user's others is left out of their references.</summary>
    public float ConsistencyMinSimilarity { get; set; }

    /// <summary>
    /// The <see cref="Headshots.Vision.Faces.FaceEmbedding.SimilarityScale"/> the identity thresholds were set on (rows from
    /// before the column existed are 1). Settings of an older scale are replaced by a new version on first use.
    /// </summary>
    public int IdentityScale { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The admin who saved it; null for version 1 (the system). No foreign key: history outlives accounts.</summary>
    public string? CreatedById { get; set; }

    /// <summary>The admin's email at the time.</summary>
    public string? CreatedByEmail { get; set; }

    /// <summary>Why it was changed, in the admin's words (required).</summary>
    public required string Reason { get; set; }

    /// <summary>Each changed field with its old and new value (JSON list of <c>GateSettingChange</c>).</summary>
    public required string Changes { get; set; }
}

/// <summary>An admin's labelled calibration set and, once the inference worker has evaluated it, the result.</summary>
public sealed class CalibrationRun
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedById { get; set; }

    public string? CreatedByEmail { get; set; }

    public required string FileName { get; set; }

    public CalibrationStatus Status { get; set; }

    /// <summary>The uploaded zip; deleted once evaluated (it holds face photos, which we keep no longer than needed).</summary>
    public byte[]? Upload { get; set; }

    /// <summary>The thresholds the error rates are reported at, and where they came from (e.g. "current v3").</summary>
    public float AcceptAt { get; set; }

    public float ReviewFrom { get; set; }

    public required string SettingsLabel { get; set; }

    public int Images { get; set; }

    public int ImagesDone { get; set; }

    public int Pairs { get; set; }

    /// <summary>The evaluation (JSON of <c>CalibrationResult</c>) once completed.</summary>
    public string? Result { get; set; }

    /// <summary>What went wrong, when it failed.</summary>
    public string? Message { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

public enum CalibrationStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

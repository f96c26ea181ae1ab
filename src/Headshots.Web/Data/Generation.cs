using System.Linq.Expressions;

namespace Headshots.Web.Data;

public enum GenerationStatus
{
    Queued,
    Running,
    Completed,
    Failed,

    /// <summary>Crashed too often (e.g. the worker died on this input each time); given up with a message, never retried again.</summary>
    CouldNotBeProcessed,
}

/// <summary>A request to render one source photo in one or more styles; processed by <c>GenerationJob</c> on the inference queue.</summary>
public sealed class Generation
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The photo rendered; null once it was deleted (its headshots stay until the user deletes them).</summary>
    public Guid? SourcePhotoId { get; set; }

    public List<string> Styles { get; set; } = [];

    public required string Intensity { get; set; }

    public GenerationStatus Status { get; set; }

    /// <summary>How many times a worker started this generation. Our own counter: Hangfire does not count crashes.</summary>
    public int Attempts { get; set; }

    public string? Stage { get; set; }

    public int Percent { get; set; }

    /// <summary>What the user is told when it failed or could not be processed.</summary>
    public string? Message { get; set; }

    /// <summary>The gate settings the job used (JSON), so every decision can be traced to exact thresholds.</summary>
    public string? GateSettings { get; set; }

    /// <summary>The stored gate settings version the job used (see <c>GateSettingsVersions</c>); a resumed job keeps it.</summary>
    public int? GateSettingsVersion { get; set; }

    /// <summary>Model ids and file hashes the job used (JSON).</summary>
    public string? Models { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public List<Headshot> Headshots { get; set; } = [];

    public bool IsFinished => Status is GenerationStatus.Completed or GenerationStatus.Failed or GenerationStatus.CouldNotBeProcessed;
}

/// <summary>One rendered headshot and the gate's verdict on it.</summary>
public sealed class Headshot
{
    public Guid Id { get; set; }

    public Guid GenerationId { get; set; }

    public required string UserId { get; set; }

    public required string Style { get; set; }

    public required string Intensity { get; set; }

    /// <summary>Accept, Review or Reject (the gate's verdict on the output kept).</summary>
    public required string Verdict { get; set; }

    /// <summary>Identity score (<c>FaceEmbedding.Similarity</c>) against the mean of the user's reference photos: the decision score.</summary>
    public float? Score { get; set; }

    public float? ScoreToSource { get; set; }

    /// <summary>The user's own photos agree with each other between these scores (shown next to <see cref="Score"/>).</summary>
    public float? BaselineLow { get; set; }

    public float? BaselineHigh { get; set; }

    public List<string> Reasons { get; set; } = [];

    /// <summary>The full gate decision and every render attempt with its scores (JSON).</summary>
    public required string Evidence { get; set; }

    public List<string> Edits { get; set; } = [];

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The owner asked a person to review an output the gate held back.</summary>
    public DateTimeOffset? AppealRequestedAt { get; set; }

    public HeadshotContent? Content { get; set; }

    /// <summary>A person's decision on an output the gate sent to review or the owner appealed; null until decided.</summary>
    public ReviewOutcome? ReviewOutcome { get; set; }

    public const int ReviewReasonMaxLength = 1000;

    /// <summary>Why the reviewer decided so (required; shown to the owner).</summary>
    public string? ReviewReason { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>The reviewer's account; null once that account is deleted (<see cref="ReviewerName"/> stays).</summary>
    public string? ReviewedById { get; set; }

    /// <summary>The reviewer's display name when they decided, kept for the record after their account is gone.</summary>
    public string? ReviewerName { get; set; }

    /// <summary>
    /// Whether the owner may see and download the output, in a form EF Core translates to SQL: a reviewer's decision
    /// wins when there is one, otherwise the gate's Accept. <see cref="Verdict"/> itself is never changed by a review.
    /// Every page (gallery, download, share links) uses this one rule.
    /// </summary>
    public static Expression<Func<Headshot, bool>> IsApprovedHeadshot { get; } = h =>
        h.ReviewOutcome == Data.ReviewOutcome.Approved || (h.ReviewOutcome == null && h.Verdict == "Accept");

    private static readonly Func<Headshot, bool> IsApprovedCompiled = IsApprovedHeadshot.Compile();

    public bool IsApproved => IsApprovedCompiled(this);
}

/// <summary>What a reviewer decided about a held-back or appealed output.</summary>
public enum ReviewOutcome
{
    Approved,
    Rejected,
}

/// <summary>The encoded headshot with our provenance metadata only.</summary>
public sealed class HeadshotContent
{
    public Guid HeadshotId { get; set; }

    public required byte[] Jpeg { get; set; }

    public required byte[] Png { get; set; }

    public required string JpegSha256 { get; set; }

    public required string PngSha256 { get; set; }

    /// <summary>The stored bytes with their hashes (which verify-a-file matches downloads against).</summary>
    public static HeadshotContent For(byte[] jpeg, byte[] png) => new()
    {
        Jpeg = jpeg,
        Png = png,
        JpegSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg)),
        PngSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)),
    };
}

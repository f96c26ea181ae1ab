namespace Headshots.Web.Data;

/// <summary>
/// A job seeker's link to chosen headshots for people without an account. Only the SHA-256 of the token is stored:
/// the token itself is shown to the owner once and exists nowhere on the server afterwards.
/// </summary>
public sealed class ShareLink
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>SHA-256 of the token's 32 random bytes (unique).</summary>
    public required byte[] TokenHash { get; set; }

    /// <summary>What the owner calls the link ("Applications May 2026"); also shown to recruiters as the candidate's name.</summary>
    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The owner allows visitors to compare with one source photo.</summary>
    public bool AllowBeforeAfter { get; set; }

    public List<ShareLinkHeadshot> Headshots { get; set; } = [];

    public List<ShareLinkView> Views { get; set; } = [];
}

/// <summary>A headshot shown by a link; goes when either the link or the headshot goes.</summary>
public sealed class ShareLinkHeadshot
{
    public Guid ShareLinkId { get; set; }

    public Guid HeadshotId { get; set; }
}

/// <summary>That a link was opened, and when. Nothing else about the visitor is kept (no address, no user agent).</summary>
public sealed class ShareLinkView
{
    public long Id { get; set; }

    public Guid ShareLinkId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A share link a recruiter kept. Holds the link's id, never its token; re-opened through the candidate's own page.</summary>
public sealed class SavedCandidate
{
    public Guid Id { get; set; }

    public required string RecruiterId { get; set; }

    public Guid ShareLinkId { get; set; }

    public DateTimeOffset SavedAt { get; set; }

    public ShareLink? ShareLink { get; set; }
}

namespace Headshots.Web.Data;

/// <summary>
/// One security-relevant event. Rows are only ever inserted (a trigger refuses UPDATE and DELETE) and each carries the
/// hash of the previous row, so an edit made behind the application's back breaks the chain at that row.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain: 1, 2, 3… without gaps.</summary>
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened, e.g. <c>login.failed</c>; the values are the constants of <c>AuditEvents</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Who did it; null for anonymous visitors and the system itself.</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor's email at the time (kept after the account is deleted, for accountability).</summary>
    public string? ActorName { get; set; }

    /// <summary>What it was done to, e.g. <c>user:…</c>, <c>headshot:…</c>, <c>share-link:…</c>.</summary>
    public string? Subject { get; set; }

    /// <summary>Plain-language details. Never a secret (share-link tokens, passwords) or biometric data.</summary>
    public required string Details { get; set; }

    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) over this row's fields and <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; set; }
}

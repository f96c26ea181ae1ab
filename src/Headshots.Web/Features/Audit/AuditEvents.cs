namespace Headshots.Web.Features.Audit;

/// <summary>The kinds of events the audit log records.</summary>
public static class AuditEvents
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LoginLockedOut = "login.locked-out";
    public const string LoginRefusedDisabled = "login.refused-disabled";
    public const string AccountRegistered = "account.registered";
    public const string RolesChanged = "account.roles-changed";
    public const string AccountDisabled = "account.disabled";
    public const string AccountEnabled = "account.enabled";
    public const string PasswordChanged = "account.password-changed";
    public const string AccountDeleted = "deletion.account";
    public const string PhotoDeleted = "deletion.photo";
    public const string GenerationDeleted = "deletion.generation";
    public const string RetentionDeleted = "deletion.retention";
    public const string GateSettingsChanged = "gate.settings-changed";
    public const string ReviewDecided = "review.decided";
    public const string ShareLinkCreated = "share-link.created";
    public const string ShareLinkRevoked = "share-link.revoked";
    public const string ShareLinkViewed = "share-link.viewed";

    public static IReadOnlyList<string> All { get; } =
    [
        LoginSucceeded, LoginFailed, LoginLockedOut, LoginRefusedDisabled, AccountRegistered, RolesChanged, AccountDisabled,
        AccountEnabled, PasswordChanged, AccountDeleted, PhotoDeleted, GenerationDeleted, RetentionDeleted,
        GateSettingsChanged, ReviewDecided, ShareLinkCreated, ShareLinkRevoked, ShareLinkViewed,
    ];
}

using Microsoft.AspNetCore.Identity;

namespace Headshots.Web.Data;

public sealed class AppUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set by an admin. A disabled account cannot sign in and its open sessions end at the next security-stamp check.</summary>
    public bool IsDisabled { get; set; }
}

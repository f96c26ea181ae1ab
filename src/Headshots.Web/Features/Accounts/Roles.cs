namespace Headshots.Web.Features.Accounts;

/// <summary>The three roles of the product. Role names are also the names of the authorization policies.</summary>
public static class Roles
{
    /// <summary>Given on registration: uploads selfies and gets headshots.</summary>
    public const string JobSeeker = "JobSeeker";

    /// <summary>Opens share links and keeps a list of candidates.</summary>
    public const string Recruiter = "Recruiter";

    /// <summary>Tunes the gate, reviews borderline outputs, manages accounts and jobs.</summary>
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [JobSeeker, Recruiter, Admin];
}

namespace Headshots.Web.Features;

/// <summary>Small pieces of user-facing English shared by features.</summary>
internal static class Wording
{
    /// <summary>"1 headshot", "3 headshots".</summary>
    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

namespace Headshots.Notices;

/// <summary>One NuGet package version restored for the solution, where NuGet extracted it and which projects use it.</summary>
internal sealed record RestoredPackage(string Id, string Version, string Folder, IReadOnlyList<string> Projects)
{
    /// <summary>
    /// Used by a project under <c>src/</c>, so it is in the app's or the CLI's build output. Design-time packages (EF Core's
    /// migration tooling) count: they are copied there too.
    /// </summary>
    public bool Ships => Projects.Any(p => p.StartsWith("src/", StringComparison.Ordinal));
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Headshots.Notices;

/// <summary>
/// Every NuGet package, transitive ones included, that the solution's projects restore: read from each project's
/// <c>obj/project.assets.json</c>, the file NuGet writes on restore and the build reads.
/// </summary>
internal static partial class PackageInventory
{
    public static IReadOnlyList<RestoredPackage> Read(string repositoryRoot, string solutionFile)
    {
        var uses = new Dictionary<(string Id, string Version), (string Folder, SortedSet<string> Projects)>();
        foreach (var project in ProjectsOf(Path.Combine(repositoryRoot, solutionFile)))
        {
            var assets = Path.Combine(repositoryRoot, Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            if (!File.Exists(assets))
            {
                throw new NoticesException($"{project} has not been restored ({assets} is missing): run 'dotnet restore {solutionFile}' first (scripts/notices does).");
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
            var packageFolders = document.RootElement.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name).ToList();
            foreach (var library in document.RootElement.GetProperty("libraries").EnumerateObject())
            {
                if (library.Value.GetProperty("type").GetString() != "package")
                {
                    continue;
                }

                var separator = library.Name.LastIndexOf('/');
                var key = (library.Name[..separator], library.Name[(separator + 1)..]);
                if (!uses.TryGetValue(key, out var use))
                {
                    var relative = library.Value.GetProperty("path").GetString()!;
                    var folder = packageFolders.Select(f => Path.Combine(f, relative)).FirstOrDefault(Directory.Exists)
                        ?? throw new NoticesException($"{library.Name} is restored for {project} but missing from {string.Join(", ", packageFolders)}: run 'dotnet restore {solutionFile}'.");
                    use = (folder, new SortedSet<string>(StringComparer.Ordinal));
                    uses.Add(key, use);
                }

                use.Projects.Add(project);
            }
        }

        return uses
            .Select(u => new RestoredPackage(u.Key.Id, u.Key.Version, u.Value.Folder, [.. u.Value.Projects]))
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => System.Version.TryParse(p.Version, out var v) ? v : new System.Version())
            .ThenBy(p => p.Version, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The solution's project files, as paths relative to the repository root with forward slashes.</summary>
    private static IEnumerable<string> ProjectsOf(string solutionPath) =>
        ProjectLine().Matches(File.ReadAllText(solutionPath)).Select(m => m.Groups["path"].Value.Replace('\\', '/')).Order(StringComparer.Ordinal);

    [GeneratedRegex("""^Project\("\{[^}]+\}"\) = "[^"]+", "(?<path>[^"]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();
}

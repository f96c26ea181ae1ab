namespace Headshots.Notices.Tests;

/// <summary>A throwaway folder laid out the way NuGet extracts packages and restores projects.</summary>
internal sealed class ScratchPackages : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("headshots-notices-").FullName;

    public RestoredPackage Package(string id, string version, string license, string? copyright = null, params (string Name, string Text)[] files)
    {
        var folder = Path.Combine(Root, "packages", id.ToLowerInvariant(), version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{id.ToLowerInvariant()}.nuspec"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>Someone Else</authors>
                {license}
                {(copyright is null ? "" : $"<copyright>{copyright}</copyright>")}
              </metadata>
            </package>
            """);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return new RestoredPackage(id, version, folder, ["src/App/App.csproj"]);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

namespace Headshots.Vision.Tests.Faces;

/// <summary>Where the face tests find models, fetched test photos and the optional calibration photos.</summary>
internal static class FaceTestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Headshots.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Headshots.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string RepoRoot => Root.Value;

    public static string ModelsDir => Path.Combine(RepoRoot, "models");

    public static string SharedFaces => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "faces"));

    /// <summary>A photo fetched by the test setup; fails with the fix when it is missing.</summary>
    public static string TestAsset(string name)
    {
        var path = Path.Combine(RepoRoot, ".cache", "test-assets", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Test photo {name} is missing at {path}. Run scripts/test (it fetches the test assets) first.", path);
        }

        return path;
    }
}

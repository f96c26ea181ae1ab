using Headshots.Vision.Authenticity;
using Headshots.Vision.Onnx;

namespace Headshots.Vision.Tests;

/// <summary>Where tests find the repository, the fetched models and the fetched test photos.</summary>
internal static class TestPaths
{
    public const string FetchCommand = "scripts/headshots models fetch --test-assets";

    public static string RepoRoot { get; } = ModelLocations.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No {ModelLocations.SolutionFileName} above {AppContext.BaseDirectory}.");

    public static string ModelsDir => Path.Combine(RepoRoot, "models");

    public static string ManifestPath => Path.Combine(ModelsDir, ModelLocations.ManifestFileName);

    /// <summary>Labelled calibration photos next to the repository; absent on machines without the shared folder.</summary>
    public static string SharedFaces => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "faces"));

    /// <summary>The labelled photos of <see cref="SharedFaces"/> (its manifest.csv).</summary>
    public static IReadOnlyList<LabelledPhoto> SharedFacesManifest()
    {
        using var reader = File.OpenText(Path.Combine(SharedFaces, "manifest.csv"));
        return CalibrationSets.ReadManifest(reader);
    }

    public static ModelLocations Locations => ModelLocations.Resolve(ModelsDir, RepoRoot);

    public static string TestAsset(string name) => Path.Combine(RepoRoot, ".cache", "test-assets", name);

    /// <summary>A fetched test photo; a missing one fails the test (never a silent skip) and says how to get it.</summary>
    public static string RequireTestAsset(string name)
    {
        var path = TestAsset(name);
        Assert.True(File.Exists(path), $"Test photo {path} is missing. Run: {FetchCommand}");
        return path;
    }

    /// <summary>A fetched model file; a missing one fails the test and says how to get it.</summary>
    public static string RequireModel(string id)
    {
        var path = Path.Combine(ModelsDir, $"{id}.onnx");
        Assert.True(File.Exists(path), $"Model {path} is missing. Run: {FetchCommand}");
        return path;
    }
}

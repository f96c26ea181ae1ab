namespace Headshots.Vision.Onnx;

/// <summary>
/// Where models, the manifest and the download cache live. By default everything hangs off the repository root (the folder
/// holding <c>Headshots.sln</c>); an operator can move the models with <c>--models-dir</c> or <see cref="ModelsDirEnvironmentVariable"/>.
/// </summary>
public sealed record ModelLocations
{
    public const string ModelsDirEnvironmentVariable = "HEADSHOTS_MODELS_DIR";

    public const string SolutionFileName = "Headshots.sln";

    public const string ManifestFileName = "manifest.json";

    public required string ModelsDirectory { get; init; }

    public required string ManifestPath { get; init; }

    /// <summary>Download cache (<c>.cache</c>): npm tarballs in <c>npm/</c>, test photos in <c>test-assets/</c>.</summary>
    public required string CacheDirectory { get; init; }

    public string NpmCacheDirectory => Path.Combine(CacheDirectory, "npm");

    public string TestAssetsDirectory => Path.Combine(CacheDirectory, "test-assets");

    public string ModelPath(ModelEntry model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(ModelsDirectory, model.FileName);
    }

    public string TestAssetPath(string name) => Path.Combine(TestAssetsDirectory, name);

    /// <summary>Walks up from <paramref name="start"/> (default: the current directory, then the app's own folder) to <c>Headshots.sln</c>.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        foreach (var origin in start is null ? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory] : new[] { start })
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(origin)); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Models directory: <paramref name="modelsDirectory"/>, else the environment variable, else <c>&lt;repo&gt;/models</c>.
    /// The manifest is read from the models directory when it has one, else from the repository's <c>models/</c>.
    /// </summary>
    public static ModelLocations Resolve(string? modelsDirectory = null, string? startDirectory = null)
    {
        var repositoryRoot = FindRepositoryRoot(startDirectory);
        var chosen = modelsDirectory ?? NullIfBlank(Environment.GetEnvironmentVariable(ModelsDirEnvironmentVariable));
        if (chosen is null && repositoryRoot is null)
        {
            throw new ModelManifestException(
                $"Cannot find the models folder: no {SolutionFileName} above {startDirectory ?? Directory.GetCurrentDirectory()}. " +
                $"Pass --models-dir or set {ModelsDirEnvironmentVariable}.");
        }

        var models = Path.GetFullPath(chosen ?? Path.Combine(repositoryRoot!, "models"));
        var manifest = Path.Combine(models, ManifestFileName);
        if (!File.Exists(manifest) && repositoryRoot is not null)
        {
            manifest = Path.Combine(repositoryRoot, "models", ManifestFileName);
        }

        return new ModelLocations
        {
            ModelsDirectory = models,
            ManifestPath = manifest,
            CacheDirectory = Path.Combine(repositoryRoot ?? models, ".cache"),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

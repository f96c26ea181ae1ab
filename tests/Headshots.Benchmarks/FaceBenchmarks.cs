using BenchmarkDotNet.Attributes;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Benchmarks;

/// <summary>
/// The face pipeline and the authenticity gate on a real photo (lenna.png from the test assets, one face): the candidate
/// is that photo at 1024×1024 with brightness +10 %, the size and kind of edit an enhanced headshot has; the source is
/// the 512×512 original. Needs <c>scripts/headshots models fetch --test-assets</c> first.
/// </summary>
[MemoryDiagnoser]
public class FaceBenchmarks : IDisposable
{
    private FaceModels? _models;
    private FaceAnalyzer? _analyzer;
    private AuthenticityGate? _gate;
    private Image<Rgb24>? _source;
    private Image<Rgb24>? _candidate;
    private SourcePhoto? _analysedSource;
    private FaceEmbedding[] _references = [];
    private DetectedFace? _face;
    private FaceLandmarks? _landmarks;

    [GlobalSetup]
    public void Setup()
    {
        var root = ModelLocations.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No {ModelLocations.SolutionFileName} above {AppContext.BaseDirectory}.");
        var photo = Path.Combine(root, ".cache", "test-assets", "lenna.png");
        if (!File.Exists(photo))
        {
            throw new FileNotFoundException($"{photo} is missing. Run: scripts/headshots models fetch --test-assets", photo);
        }

        // The same thread count as the MatMul baseline, so the ratios compare like with like.
        _models = FaceModels.Load(Path.Combine(root, "models"), new OnnxSessionOptions { IntraOpThreads = Environment.ProcessorCount });
        _analyzer = new FaceAnalyzer(_models);
        _gate = new AuthenticityGate(_analyzer, [new ModelFingerprint(FaceModelIds.Embedding, new string('0', 64))]);
        _source = Image.Load<Rgb24>(photo);
        _candidate = _source.Clone(c => c.Resize(1024, 1024).Brightness(1.1f));
        _analysedSource = new SourcePhoto(_source, _analyzer.Analyze(_source, FaceAnalysisDetail.Identity));
        using var mirrored = _source.Clone(c => c.Flip(FlipMode.Horizontal));
        using var cropped = _source.Clone(c => c.Crop(new Rectangle(64, 64, 384, 384)));
        _references = [_analyzer.EmbedBestFace(_source)!, _analyzer.EmbedBestFace(mirrored)!, _analyzer.EmbedBestFace(cropped)!];
        _face = _analyzer.Detector.DetectFaces(_candidate)[0];
        _landmarks = _analyzer.AnalyzeFace(_candidate, _face, FaceAnalysisDetail.Identity).Landmarks;
    }

    [Benchmark(Description = "Detect faces (UltraFace + BlazeFace), 1024² photo")]
    public int Detect() => _analyzer!.Detector.DetectFaces(_candidate!).Count;

    [Benchmark(Description = "Landmarks (2 passes) + align by the 68 points + embed, one face (without the mesh)")]
    public float LandmarksAlign68Embed() => _analyzer!.Embedder.Embed(_candidate!, _analyzer.Landmarker.Detect(_candidate!, _face!.Box))[0];

    [Benchmark(Description = "fr_feature alone (sample + run), one face")]
    public float FeatureModel() => _analyzer!.Embedder.Embed(_candidate!, _landmarks!)[0];

    [Benchmark(Description = "dlib descriptor alone (sample + run), one face")]
    public float DescriptorModel() => _analyzer!.Descriptor.Describe(_candidate!, _landmarks!)[0];

    [Benchmark(Description = "Landmarks (2 passes) + face mesh + align + both identity models side by side, one face")]
    public float LandmarksAlignEmbed() => _analyzer!.AnalyzeFace(_candidate!, _face!, FaceAnalysisDetail.Identity).Embedding.Values[0];

    [Benchmark(Description = "Gate compare, source analysis known (per candidate)")]
    public GateVerdict GateCompare() => _gate!.DecideWithAnalysedSource(_references, _candidate!, _analysedSource, GateThresholds.Default).Verdict;

    [Benchmark(Description = "Gate compare, source analysed in the call")]
    public GateVerdict GateCompareWithSource() => _gate!.Decide(_references, _candidate!, _source, GateThresholds.Default).Verdict;

    [GlobalCleanup]
    public void Dispose()
    {
        _candidate?.Dispose();
        _source?.Dispose();
        _models?.Dispose();
        GC.SuppressFinalize(this);
    }
}

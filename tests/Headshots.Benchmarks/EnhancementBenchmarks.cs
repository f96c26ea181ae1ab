using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Benchmarks;

/// <summary>
/// One Standard studio-grey headshot end to end (face analysis → framing → segmentation and matte → retouch → light →
/// backdrop → gate → JPEG with provenance), from lenna.png. "1024 px" enlarges lenna to 1024² first so the frame needs no
/// super-resolution (the usual case for a phone photo); "SR" uses the 512² original, where the face must be enlarged ≈ 2×
/// and Real-ESRGAN runs on the face. Per-stage medians over all invocations are printed at the end of each benchmark's
/// log ("stage medians"). Needs the fetched models and test photos: scripts/headshots models fetch --test-assets.
/// </summary>
[MemoryDiagnoser]
public class EnhancementBenchmarks : IDisposable
{
    private readonly Dictionary<string, List<double>> _stages = new(StringComparer.Ordinal);
    private FaceModels? _faceModels;
    private EnhancementModels? _models;
    private HeadshotEnhancer? _enhancer;
    private Image<Rgb24>? _large;
    private Image<Rgb24>? _small;

    [GlobalSetup]
    public void Setup()
    {
        var root = ModelLocations.FindRepositoryRoot() ?? throw new InvalidOperationException("Run from inside the repository.");
        var models = Path.Combine(root, "models");
        var sessions = new OnnxSessionOptions { IntraOpThreads = Environment.ProcessorCount };
        _faceModels = FaceModels.Load(models, sessions);
        _models = EnhancementModels.Load(models, new EnhancementOptions(), sessions);
        if (_models.Missing.Count > 0)
        {
            throw new InvalidOperationException($"Missing models {string.Join(", ", _models.Missing)}. Run: scripts/headshots models fetch --test-assets");
        }

        var analyzer = new FaceAnalyzer(_faceModels);
        var fingerprints = _faceModels.All.Select(m =>
        {
            using var stream = File.OpenRead(m.Path);
            return new ModelFingerprint(m.Id, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }).ToList();
        _enhancer = new HeadshotEnhancer(analyzer, new AuthenticityGate(analyzer, fingerprints), _models);
        _small = Image.Load<Rgb24>(Path.Combine(root, ".cache", "test-assets", "lenna.png"));
        _large = _small.Clone(c => c.Resize(1024, 1024, KnownResamplers.Bicubic));
    }

    [Benchmark(Description = "Headshot 1024 px Standard, end to end")]
    public int Standard1024() => Render(_large!);

    [Benchmark(Description = "Headshot 1024 px Standard with SR, end to end")]
    public int Standard1024WithSuperResolution() => Render(_small!);

    [GlobalCleanup]
    public void Dispose()
    {
        Console.WriteLine("// stage medians (ms): " + string.Join(", ", _stages.Select(kv =>
        {
            var sorted = kv.Value.Order().ToList();
            return $"{kv.Key} {sorted[sorted.Count / 2].ToString("0.0", CultureInfo.InvariantCulture)}";
        })));
        _stages.Clear();
        _large?.Dispose();
        _small?.Dispose();
        _models?.Dispose();
        _faceModels?.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Render(Image<Rgb24> source)
    {
        var perRun = new Dictionary<string, double>(StringComparer.Ordinal);
        using var result = _enhancer!.Enhance(source, null, new EnhancementRequest(), new StageRecorder(perRun));
        if (!result.Passed)
        {
            throw new InvalidOperationException($"The gate answered {result.Verdict}; the benchmark measures accepted headshots.");
        }

        var bytes = result.Encode(HeadshotFormat.Jpeg);
        foreach (var (stage, ms) in perRun)
        {
            if (!_stages.TryGetValue(stage, out var list))
            {
                _stages[stage] = list = [];
            }

            list.Add(ms);
        }

        return bytes.Length;
    }

    /// <summary>Sums stage times of one job (a stage can run once per attempt) synchronously, unlike Progress&lt;T&gt;.</summary>
    private sealed class StageRecorder(Dictionary<string, double> totals) : IProgress<EnhancementProgress>
    {
        public void Report(EnhancementProgress value) => totals[value.Stage] = totals.GetValueOrDefault(value.Stage) + value.Milliseconds;
    }
}

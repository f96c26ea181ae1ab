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
    private readonly Dictionary<string, List<double>> _stageFlops = new(StringComparer.Ordinal);
    private readonly Dictionary<Image<Rgb24>, double> _superResolutionFlops = [];
    private ModelFlops? _flops;
    private double _baselineGflops;
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
        _flops = ModelFlops.Count(models);
        _superResolutionFlops[_small] = _flops.SuperResolution(_small, analyzer);
        _superResolutionFlops[_large] = _flops.SuperResolution(_large, analyzer);
        _baselineGflops = BaselineGflops();
    }

    [Benchmark(Description = "Headshot 1024 px Standard, end to end")]
    public int Standard1024() => Render(_large!);

    [Benchmark(Description = "Headshot 1024 px Standard with SR, end to end")]
    public int Standard1024WithSuperResolution() => Render(_small!);

    [GlobalCleanup]
    public void Dispose()
    {
        Console.WriteLine("// stage medians (ms): " + string.Join(", ", _stages.Select(kv =>
            $"{kv.Key} {Median(kv.Value).ToString("0.0", CultureInfo.InvariantCulture)}")));
        // Efficiency = FLOPs ÷ (this machine's MatMul GFLOP/s, measured in the same process) ÷ time: 1.0 would mean the
        // stage computes as fast as a large matrix product. Model stages are counted from their graphs, pixel stages by
        // their own kernels (EnhancementResult.StageFlops).
        Console.WriteLine($"// baseline MatMul 512³ in this process: {_baselineGflops.ToString("0.0", CultureInfo.InvariantCulture)} GFLOP/s");
        foreach (var (stage, times) in _stages)
        {
            var ms = Median(times);
            if (_stageFlops.TryGetValue(stage, out var flops) && Median(flops) > 0)
            {
                var gflop = Median(flops) / 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"// stage {stage}: {ms:0.0} ms, {gflop:0.000} GFLOP, {gflop / (ms / 1000):0.0} GFLOP/s, efficiency {gflop / _baselineGflops / (ms / 1000):0.00}"));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// stage {stage}: {ms:0.0} ms, no FLOPs counted"));
            }
        }

        _stageFlops.Clear();
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
        // The two lists name different stages: the enhancer hands its tally only to stages that run no model.
        var pixelStages = result.StageFlops.Select(kv => (Stage: kv.Key, Flops: (double)kv.Value));
        foreach (var (stage, flops) in _flops!.PerStage(result, _superResolutionFlops[source]).Concat(pixelStages))
        {
            if (!_stageFlops.TryGetValue(stage, out var flopList))
            {
                _stageFlops[stage] = flopList = [];
            }

            flopList.Add(flops);
        }

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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>GFLOP/s of the MatMul baseline in this process: median of 30 runs after warm-up.</summary>
    private static double BaselineGflops()
    {
        using var baseline = new MatMulBaseline(seed: 1);
        var times = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            baseline.Run();
            if (i >= 10)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        return MatMulBaseline.Flops / Median(times) / 1e9;
    }

    /// <summary>Sums stage times of one job (a stage can run once per attempt) synchronously, unlike Progress&lt;T&gt;.</summary>
    private sealed class StageRecorder(Dictionary<string, double> totals) : IProgress<EnhancementProgress>
    {
        public void Report(EnhancementProgress value) => totals[value.Stage] = totals.GetValueOrDefault(value.Stage) + value.Milliseconds;
    }
}

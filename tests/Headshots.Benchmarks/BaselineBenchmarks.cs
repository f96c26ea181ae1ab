using BenchmarkDotNet.Attributes;

namespace Headshots.Benchmarks;

/// <summary>
/// The machine baseline: a 512×512 by 512×512 MatMul through ONNX Runtime with the product's session settings. Other results
/// are read as multiples of it, so numbers from different machines compare. BenchmarkDotNet subclasses benchmark types, so
/// they cannot be sealed.
/// </summary>
[MemoryDiagnoser]
public class BaselineBenchmarks : IDisposable
{
    private MatMulBaseline? _baseline;

    [GlobalSetup]
    public void Setup() => _baseline = new MatMulBaseline();

    [Benchmark(Description = "MatMul 512³ (ONNX Runtime)")]
    [Flops(MatMulBaseline.Flops)]
    [MachineBaseline]
    public float MatMul() => _baseline!.Run();

    [GlobalCleanup]
    public void Dispose()
    {
        _baseline?.Dispose();
        GC.SuppressFinalize(this);
    }
}

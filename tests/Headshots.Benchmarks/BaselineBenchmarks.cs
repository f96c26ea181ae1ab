using BenchmarkDotNet.Attributes;
using Headshots.Vision.Onnx;
using Headshots.Vision.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Headshots.Benchmarks;

/// <summary>
/// The machine baseline: a 512×512 by 512×512 MatMul through ONNX Runtime with the product's session settings. Other results
/// are read as multiples of it, so numbers from different machines compare. BenchmarkDotNet subclasses benchmark types, so
/// they cannot be sealed.
/// </summary>
[MemoryDiagnoser]
public class BaselineBenchmarks : IDisposable
{
    private const int Size = 512;

    private string? _path;
    private OnnxModel? _model;
    private OrtValue? _input;
    private RunOptions? _runOptions;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var weights = new float[Size, Size];
        var x = new float[Size * Size];
        for (var i = 0; i < Size; i++)
        {
            for (var j = 0; j < Size; j++)
            {
                weights[i, j] = (float)random.NextDouble() - 0.5f;
                x[(i * Size) + j] = (float)random.NextDouble() - 0.5f;
            }
        }

        _path = Path.Combine(Path.GetTempPath(), $"headshots-bench-matmul-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(_path, OnnxGraphs.MatMul(weights, batch: Size));
        _model = OnnxModel.Load("matmul", _path, new OnnxSessionOptions { IntraOpThreads = Environment.ProcessorCount });
        _input = OrtValue.CreateTensorValueFromMemory(x, [Size, Size]);
        _runOptions = new RunOptions();
    }

    [Benchmark(Description = "MatMul 512³ (ONNX Runtime)")]
    [Flops(2.0 * Size * Size * Size)]
    [MachineBaseline]
    public float MatMul()
    {
        using var outputs = _model!.Session.Run(_runOptions!, ["x"], [_input!], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _input?.Dispose();
        _runOptions?.Dispose();
        _model?.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }

        GC.SuppressFinalize(this);
    }
}

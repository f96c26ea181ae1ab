using Headshots.Vision.Onnx;
using Headshots.Vision.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Headshots.Benchmarks;

/// <summary>
/// A 512×512 by 512×512 MatMul ONNX graph with the product's session settings: the machine's arithmetic rate, which every
/// benchmark result is read against (BaselineBenchmarks times it under BenchmarkDotNet; EnhancementBenchmarks in-process).
/// </summary>
public sealed class MatMulBaseline : IDisposable
{
    public const int Size = 512;

    public const double Flops = 2.0 * Size * Size * Size;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headshots-bench-matmul-{Guid.NewGuid():N}.onnx");
    private readonly OnnxModel _model;
    private readonly OrtValue _input;
    private readonly RunOptions _runOptions = new();

    public MatMulBaseline(int seed = 7)
    {
        var random = new Random(seed);
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

        File.WriteAllBytes(_path, OnnxGraphs.MatMul(weights, batch: Size));
        _model = OnnxModel.Load("matmul", _path, new OnnxSessionOptions { IntraOpThreads = Environment.ProcessorCount });
        _input = OrtValue.CreateTensorValueFromMemory(x, [Size, Size]);
    }

    /// <summary>One MatMul; returns a value of the output so the run cannot be optimised away.</summary>
    public float Run()
    {
        using var outputs = _model.Session.Run(_runOptions, ["x"], [_input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    public void Dispose()
    {
        _input.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
        File.Delete(_path);
    }
}

using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Headshots.Vision.Faces;

/// <summary>
/// A pooled input buffer wrapped as an <see cref="OrtValue"/> without copying, so a model call allocates no large managed
/// arrays. Dispose returns the buffer to the pool after the run (the OrtValue pins it until then).
/// </summary>
internal sealed class PooledTensor : IDisposable
{
    private readonly float[] _buffer;

    public PooledTensor(params long[] shape)
    {
        var length = 1;
        foreach (var d in shape)
        {
            length *= (int)d;
        }

        _buffer = ArrayPool<float>.Shared.Rent(length);
        Memory = _buffer.AsMemory(0, length);
        Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Memory, shape);
    }

    public Memory<float> Memory { get; }

    public OrtValue Value { get; }

    public void Dispose()
    {
        Value.Dispose();
        ArrayPool<float>.Shared.Return(_buffer);
    }
}

internal static class OrtRun
{
    /// <summary>Runs a single-input model; the caller disposes the returned outputs.</summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string inputName, OrtValue input, IReadOnlyCollection<string> outputNames)
    {
        using var runOptions = new RunOptions();
        return session.Run(runOptions, [inputName], [input], outputNames);
    }
}

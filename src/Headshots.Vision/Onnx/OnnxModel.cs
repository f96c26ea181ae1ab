using Microsoft.ML.OnnxRuntime;

namespace Headshots.Vision.Onnx;

/// <summary>Threading settings shared by every model session.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads one Run may use. 0 lets ONNX Runtime decide; the product runs one inference job at a time.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Let ONNX Runtime's worker threads spin after a Run, waiting for the next one. Off by default: the face pipeline
    /// runs its models (up to seven) one after another, each session with its own pool, and on a 2-core machine the previous
    /// session's spinning threads take the cores the next session needs (measured in docs/benchmarks.md).
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>
    /// Models that always run side by side with another one (the two identity models, <c>FaceAnalyzer.Embed</c>): each gets
    /// one intra-op thread, so the pair fills two cores instead of four threads contending for them. Interleaved
    /// measurements of the two models on one face, 2-core machine, median of 8 rounds: one thread each side by side
    /// 18.0 ms, two threads each side by side 21.8 ms, two threads each one after the other 26.6 ms (docs/benchmarks.md, run 7).
    /// </summary>
    public IReadOnlySet<string> SideBySideModels { get; init; } = Faces.FaceModelIds.SideBySide;

    /// <summary>The intra-op thread count for model <paramref name="id"/>.</summary>
    public int ThreadsFor(string id) => SideBySideModels.Contains(id) ? 1 : IntraOpThreads;
}

/// <summary>
/// The one long-lived <see cref="InferenceSession"/> for a model file. ONNX Runtime allows concurrent
/// <c>Run</c> calls on one session, so a single instance is shared by every caller and thread.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private OnnxModel(string id, string path, InferenceSession session)
    {
        Id = id;
        Path = path;
        Session = session;
    }

    public string Id { get; }

    public string Path { get; }

    public InferenceSession Session { get; }

    public static OnnxModel Load(string id, string path, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model '{id}' is missing at {path}. Run: scripts/headshots models fetch", path);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.ThreadsFor(id),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,

            // Converted models (BlazeFace) make ONNX Runtime warn about unused initializers on every load; only errors matter.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        return new OnnxModel(id, path, new InferenceSession(path, sessionOptions));
    }

    public void Dispose() => Session.Dispose();
}

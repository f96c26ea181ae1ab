using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Headshots.Vision.Tests.Onnx;

public sealed class OnnxModelConcurrencyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("headshots-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task One_session_shared_by_several_threads_gives_each_caller_its_own_correct_result()
    {
        const int k = 16, n = 8;
        var weights = new float[k, n];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < n; j++)
            {
                weights[i, j] = ((i * 7) + (j * 3)) % 11 - 5;
            }
        }

        var path = Path.Combine(_folder, "matmul.onnx");
        await File.WriteAllBytesAsync(path, OnnxGraphs.MatMul(weights));
        using var model = OnnxModel.Load("matmul", path, new OnnxSessionOptions { IntraOpThreads = 1 });

        var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(() =>
        {
            for (var iteration = 0; iteration < 40; iteration++)
            {
                var rows = 1 + ((worker + iteration) % 3);
                var x = new float[rows * k];
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = ((worker * 31) + (iteration * 17) + i) % 13 - 6;
                }

                using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, k]);
                using var runOptions = new RunOptions();
                using var outputs = model.Session.Run(runOptions, ["x"], [input], ["y"]);
                var y = outputs[0].GetTensorDataAsSpan<float>().ToArray();
                Assert.Equal(Expected(x, weights, rows), y);
            }
        })).ToArray();

        await Task.WhenAll(workers);
    }

    [Fact]
    public void The_identity_models_that_run_side_by_side_get_one_thread_each_and_the_rest_the_configured_count()
    {
        var options = new OnnxSessionOptions { IntraOpThreads = 2 };

        Assert.Equal(1, options.ThreadsFor(FaceModelIds.Embedding));
        Assert.Equal(1, options.ThreadsFor(FaceModelIds.Descriptor));
        Assert.Equal(2, options.ThreadsFor(FaceModelIds.Detector));
        Assert.Equal(2, (options with { SideBySideModels = new HashSet<string>() }).ThreadsFor(FaceModelIds.Embedding));
    }

    [Fact]
    public void Loading_a_missing_file_names_the_file_and_the_fix()
    {
        var path = Path.Combine(_folder, "absent.onnx");
        var error = Assert.Throws<FileNotFoundException>(() => OnnxModel.Load("absent", path, new OnnxSessionOptions()));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/headshots models fetch", error.Message, StringComparison.Ordinal);
    }

    private static float[] Expected(float[] x, float[,] w, int rows)
    {
        int k = w.GetLength(0), n = w.GetLength(1);
        var y = new float[rows * n];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var i = 0; i < k; i++)
                {
                    sum += x[(r * k) + i] * w[i, j];
                }

                y[(r * n) + j] = sum;
            }
        }

        return y;
    }
}

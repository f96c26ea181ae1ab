using Headshots.Vision.Onnx.Importers;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Headshots.Vision.Tests.Onnx.Importers;

public sealed class OnnxRewritesTests
{
    private static readonly float[] Slopes = [0.25f, -0.5f, 1.5f];

    [Fact]
    public void Split_prelu_computes_the_same_values_as_prelu_for_every_sign_and_slope()
    {
        var original = OnnxGraphs.PRelu(Slopes);
        var rewritten = OnnxRewrites.Apply(original, [OnnxRewrites.SplitPRelu]);
        float[] input = [-3, -0.5f, 0, 2, 1e-20f, -1e-20f, 7, -7, -0f, 0.1f, -100, 100];

        var expected = Direct(input);
        var fromOriginal = Run(original, input);
        var fromRewritten = Run(rewritten, input);

        Assert.Equal(expected, fromOriginal);
        Assert.Equal(expected, fromRewritten);
    }

    [Fact]
    public void Split_prelu_leaves_no_prelu_and_keeps_names_unique_and_outputs_in_place()
    {
        var rewritten = ModelProto.Parser.ParseFrom(OnnxRewrites.Apply(OnnxGraphs.PRelu(Slopes), [OnnxRewrites.SplitPRelu]));

        Assert.DoesNotContain(rewritten.Graph.Node, n => n.OpType == "PRelu");
        Assert.Equal(["Relu", "Neg", "Relu", "Mul", "Sub", "Relu", "Neg", "Relu", "Mul", "Sub"], rewritten.Graph.Node.Select(n => n.OpType));
        Assert.Equal(rewritten.Graph.Node.Count, rewritten.Graph.Node.Select(n => n.Name).Distinct().Count());
        Assert.Equal("hidden", rewritten.Graph.Node[4].Output[0]);
        Assert.Equal("y", rewritten.Graph.Node[9].Output[0]);
    }

    [Fact]
    public void Rewriting_is_deterministic_and_no_rewrite_returns_the_input_unchanged()
    {
        var original = OnnxGraphs.PRelu(Slopes);

        Assert.Equal(OnnxRewrites.Apply(original, [OnnxRewrites.SplitPRelu]), OnnxRewrites.Apply(original, [OnnxRewrites.SplitPRelu]));
        Assert.Same(original, OnnxRewrites.Apply(original, []));
    }

    [Fact]
    public void Unknown_rewrites_and_unreadable_files_fail_with_a_clear_message()
    {
        var unknown = Assert.Throws<ModelImportException>(() => OnnxRewrites.Apply(OnnxGraphs.PRelu(Slopes), ["fold-everything"]));
        var garbage = Assert.Throws<ModelImportException>(() => OnnxRewrites.Apply([0xff, 0xff, 0xff, 0x01], [OnnxRewrites.SplitPRelu]));

        Assert.Contains("Unknown rewrite 'fold-everything'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable ONNX file", garbage.Message, StringComparison.Ordinal);
    }

    /// <summary>PRelu applied twice, computed directly: x ≥ 0 stays, x &lt; 0 is scaled by its channel's slope.</summary>
    private static float[] Direct(float[] input)
    {
        var output = new float[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            var slope = Slopes[i / 4];
            var once = input[i] >= 0 ? input[i] : slope * input[i];
            output[i] = once >= 0 ? once : slope * once;
        }

        return output;
    }

    private static float[] Run(byte[] model, float[] input)
    {
        using var session = new InferenceSession(model);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, Slopes.Length, 2, 2]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [tensor], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

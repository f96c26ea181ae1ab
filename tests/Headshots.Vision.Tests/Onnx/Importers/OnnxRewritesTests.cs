using Headshots.Vision.Onnx.Importers;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Headshots.Vision.Tests.Onnx.Importers;

public sealed class OnnxRewritesTests
{
    private static readonly float[] Input = [-3, -0.5f, 0, 2, 1e-20f, -1e-20f, 7, -7, -0f, 0.1f, -100, 100];

    // A slope below 0, between 0 and 1, exactly 1 and above 1: each branch of the rewrite.
    private static readonly float[] MixedSlopes = [0.25f, -0.5f, 1.5f];

    [Theory]
    [InlineData(new[] { 0.25f, -0.5f, 1.5f })]
    [InlineData(new[] { 0.25f, -0.5f, 1f })]
    [InlineData(new[] { 0.75f })]
    public void The_depthwise_form_computes_prelu_for_every_sign_and_slope(float[] slopes)
    {
        var original = OnnxGraphs.PRelu(slopes);
        var rewritten = OnnxRewrites.Apply(original, [OnnxRewrites.PReluAsDepthwise]);
        var input = Input.Take(4 * slopes.Length).ToArray();

        var expected = Direct(input, slopes);
        var fromOriginal = Run(original, input, slopes.Length);
        var fromRewritten = Run(rewritten, input, slopes.Length);

        Assert.Equal(expected, fromOriginal);
        // Float rounding only: slope·x + (1 − slope)·x is x to within one or two units in the last place.
        Assert.All(expected.Zip(fromRewritten), p => Assert.Equal(p.First, p.Second, MathF.Abs(p.First) * 1e-6f));
    }

    [Fact]
    public void Each_prelu_becomes_depthwise_convolutions_with_the_sign_flip_only_where_a_slope_exceeds_one()
    {
        var mixed = ModelProto.Parser.ParseFrom(OnnxRewrites.Apply(OnnxGraphs.PRelu(MixedSlopes), [OnnxRewrites.PReluAsDepthwise]));
        var gentle = ModelProto.Parser.ParseFrom(OnnxRewrites.Apply(OnnxGraphs.PRelu([0.25f, -0.5f]), [OnnxRewrites.PReluAsDepthwise]));

        Assert.DoesNotContain(mixed.Graph.Node, n => n.OpType == "PRelu");
        Assert.Equal(["Conv", "Relu", "Conv", "Conv", "Add", "Conv", "Relu", "Conv", "Conv", "Add"], mixed.Graph.Node.Select(n => n.OpType));
        Assert.Equal(["Conv", "Relu", "Conv", "Add", "Conv", "Relu", "Conv", "Add"], gentle.Graph.Node.Select(n => n.OpType));
        Assert.All(mixed.Graph.Node.Where(n => n.OpType == "Conv"), n => Assert.Equal(MixedSlopes.Length, n.Attribute.Single(a => a.Name == "group").I));
        Assert.Equal(mixed.Graph.Node.Count, mixed.Graph.Node.Select(n => n.Name).Distinct().Count());
        Assert.Equal("hidden", mixed.Graph.Node[4].Output[0]);
        Assert.Equal("y", mixed.Graph.Node[9].Output[0]);
    }

    [Fact]
    public void A_single_slope_becomes_leaky_relu()
    {
        var rewritten = ModelProto.Parser.ParseFrom(OnnxRewrites.Apply(OnnxGraphs.PRelu([0.75f]), [OnnxRewrites.PReluAsDepthwise]));

        Assert.Equal(["LeakyRelu", "LeakyRelu"], rewritten.Graph.Node.Select(n => n.OpType));
        Assert.Equal(0.75f, rewritten.Graph.Node[0].Attribute.Single(a => a.Name == "alpha").F);
    }

    [Fact]
    public void A_slope_that_is_not_one_value_per_channel_is_refused_by_name()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxGraphs.PRelu(MixedSlopes));
        var slope = model.Graph.Initializer.Single();
        slope.Dims.Clear();
        slope.Dims.Add(MixedSlopes.Length);
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(model);

        var refused = Assert.Throws<ModelImportException>(() => OnnxRewrites.Apply(bytes, [OnnxRewrites.PReluAsDepthwise]));

        Assert.Equal("PRelu 'first': slope shape [3] is not one value per channel ([C,1,1]), so it cannot be rewritten as depthwise convolutions.", refused.Message);
    }

    [Fact]
    public void Rewriting_is_deterministic_and_no_rewrite_returns_the_input_unchanged()
    {
        var original = OnnxGraphs.PRelu(MixedSlopes);

        Assert.Equal(OnnxRewrites.Apply(original, [OnnxRewrites.PReluAsDepthwise]), OnnxRewrites.Apply(original, [OnnxRewrites.PReluAsDepthwise]));
        Assert.Same(original, OnnxRewrites.Apply(original, []));
    }

    [Fact]
    public void Unknown_rewrites_and_unreadable_files_fail_with_a_clear_message()
    {
        var unknown = Assert.Throws<ModelImportException>(() => OnnxRewrites.Apply(OnnxGraphs.PRelu(MixedSlopes), ["split-prelu"]));
        var garbage = Assert.Throws<ModelImportException>(() => OnnxRewrites.Apply([0xff, 0xff, 0xff, 0x01], [OnnxRewrites.PReluAsDepthwise]));

        Assert.Equal("Unknown rewrite 'split-prelu'; known: prelu-depthwise.", unknown.Message);
        Assert.Contains("not a readable ONNX file", garbage.Message, StringComparison.Ordinal);
    }

    /// <summary>PRelu applied twice, computed directly: x ≥ 0 stays, x &lt; 0 is scaled by its channel's slope.</summary>
    private static float[] Direct(float[] input, float[] slopes)
    {
        var output = new float[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            var slope = slopes[i / 4];
            var once = input[i] >= 0 ? input[i] : slope * input[i];
            output[i] = once >= 0 ? once : slope * once;
        }

        return output;
    }

    private static float[] Run(byte[] model, float[] input, int channels)
    {
        using var session = new InferenceSession(model);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, channels, 2, 2]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [tensor], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>
/// Graph rewrites applied after import (manifest <c>rewrites</c>), so the written file, and its pinned sha256, is the
/// faster graph. Each rewrite computes the same function with other operators; results differ only by float rounding.
/// </summary>
public static class OnnxRewrites
{
    /// <summary>
    /// PRelu(x, slope) with one slope per channel → A·x + B·Relu(C·x), where A, B and C are per-channel 1×1 depthwise
    /// convolutions: C = 1 − slope; A = slope and B = 1 where slope ≤ 1, A = 1 and B = −1 where slope &gt; 1 (B is left out
    /// when every slope is ≤ 1). ONNX Runtime's CPU PRelu has no blocked-layout (NCHWc) kernel, so every PRelu cost two
    /// layout reorders and a slow broadcasting pass; depthwise convolutions stay in the blocked layout, the Relu fuses into
    /// one and the Add into the other. A single slope becomes LeakyRelu.
    /// Why it is the same function: for x ≥ 0 and slope ≤ 1, slope·x + (1 − slope)·x = x; for x &lt; 0 the Relu is 0 and
    /// A·x = slope·x; with slope &gt; 1 the Relu term is 0 for x ≥ 0 and −(1 − slope)·x for x &lt; 0, giving x + (slope − 1)·x.
    /// Measured on the real models in docs/benchmarks.md (run 8).
    /// </summary>
    public const string PReluAsDepthwise = "prelu-depthwise";

    public static IReadOnlySet<string> KnownNames { get; } = new HashSet<string>(StringComparer.Ordinal) { PReluAsDepthwise };

    /// <summary>Applies the named rewrites in order. Deterministic: the same input gives the same bytes.</summary>
    public static byte[] Apply(byte[] onnx, IReadOnlyList<string> rewrites)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(rewrites);
        if (rewrites.Count == 0)
        {
            return onnx;
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelImportException($"The model is not a readable ONNX file, so it cannot be rewritten: {e.Message}", e);
        }

        foreach (var rewrite in rewrites)
        {
            switch (rewrite)
            {
                case PReluAsDepthwise:
                    new PReluRewriter(model.Graph).Run();
                    break;
                default:
                    throw new ModelImportException($"Unknown rewrite '{rewrite}'; known: {string.Join(", ", KnownNames)}.");
            }
        }

        return model.ToByteArray();
    }

    private sealed class PReluRewriter
    {
        private const int FloatType = (int)TensorProto.Types.DataType.Float;
        private readonly GraphProto _graph;
        private readonly Dictionary<string, TensorProto> _initializers;
        private readonly HashSet<string> _taken;

        public PReluRewriter(GraphProto graph)
        {
            _graph = graph;
            _initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
            _taken = new HashSet<string>(
                graph.Node.SelectMany(n => n.Output).Concat(graph.Node.Select(n => n.Name)).Concat(graph.Initializer.Select(i => i.Name)).Concat(graph.Input.Select(i => i.Name)),
                StringComparer.Ordinal);
        }

        public void Run()
        {
            var original = _graph.Node.ToList();
            _graph.Node.Clear();
            foreach (var node in original)
            {
                if (node.OpType == "PRelu" && node.Domain is ("" or "ai.onnx"))
                {
                    Replace(node);
                }
                else
                {
                    _graph.Node.Add(node);
                }
            }
        }

        private void Replace(NodeProto prelu)
        {
            var (x, y) = (prelu.Input[0], prelu.Output[0]);
            var stem = string.IsNullOrEmpty(prelu.Name) ? y : prelu.Name;
            var slopes = PerChannelSlopes(prelu, stem);
            if (slopes.Length == 1)
            {
                _graph.Node.Add(new NodeProto
                {
                    OpType = "LeakyRelu",
                    Name = Fresh(stem + "/leaky"),
                    Input = { x },
                    Output = { y },
                    Attribute = { new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = slopes[0] } },
                });
                return;
            }

            var a = slopes.Select(s => s <= 1 ? s : 1f).ToArray();
            var b = slopes.Select(s => s <= 1 ? 1f : -1f).ToArray();
            var c = slopes.Select(s => 1 - s).ToArray();
            var negativePart = Relu(Depthwise(x, c, stem + "/c"), stem + "/relu");
            if (b.Any(v => v != 1))
            {
                negativePart = Depthwise(negativePart, b, stem + "/b");
            }

            var linearPart = Depthwise(x, a, stem + "/a");
            _graph.Node.Add(new NodeProto { OpType = "Add", Name = Fresh(stem + "/sum"), Input = { linearPart, negativePart }, Output = { y } });
        }

        /// <summary>The slope as one value per channel of an NCHW input ([C,1,1] or [1,C,1,1]), or a single value.</summary>
        private float[] PerChannelSlopes(NodeProto prelu, string stem)
        {
            if (!_initializers.TryGetValue(prelu.Input[1], out var slope) || slope.DataType != FloatType)
            {
                throw new ModelImportException($"PRelu '{stem}': its slope '{prelu.Input[1]}' is not a float constant, so it cannot be rewritten as depthwise convolutions.");
            }

            var values = slope.FloatData.Count > 0
                ? slope.FloatData.ToArray()
                : Enumerable.Range(0, slope.RawData.Length / sizeof(float)).Select(i => BinaryPrimitives.ReadSingleLittleEndian(slope.RawData.Span.Slice(i * sizeof(float), sizeof(float)))).ToArray();
            var dims = slope.Dims.ToArray();
            var perChannel = dims.Length is 3 or 4 && dims[^3] == values.Length && dims[^2] == 1 && dims[^1] == 1 && (dims.Length == 3 || dims[0] == 1);
            if (values.Length == 1 || perChannel)
            {
                return values;
            }

            throw new ModelImportException($"PRelu '{stem}': slope shape [{string.Join(",", dims)}] is not one value per channel ([C,1,1]), so it cannot be rewritten as depthwise convolutions.");
        }

        private string Depthwise(string input, float[] weights, string name)
        {
            var weightName = Fresh(name + "_w");
            var tensor = new TensorProto { Name = weightName, DataType = FloatType, Dims = { weights.Length, 1, 1, 1 } };
            tensor.FloatData.AddRange(weights);
            _graph.Initializer.Add(tensor);
            var output = Fresh(name);
            _graph.Node.Add(new NodeProto
            {
                OpType = "Conv",
                Name = output,
                Input = { input, weightName },
                Output = { output },
                Attribute =
                {
                    new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = weights.Length },
                    new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1 } },
                },
            });
            return output;
        }

        private string Relu(string input, string name)
        {
            var output = Fresh(name);
            _graph.Node.Add(new NodeProto { OpType = "Relu", Name = output, Input = { input }, Output = { output } });
            return output;
        }

        private string Fresh(string wanted)
        {
            var name = wanted;
            for (var i = 1; !_taken.Add(name); i++)
            {
                name = $"{wanted}_{i}";
            }

            return name;
        }
    }
}

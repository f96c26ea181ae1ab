using Google.Protobuf;
using Onnx;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>
/// Exact graph rewrites applied after import (manifest <c>rewrites</c>), so the written file, and its pinned sha256, is
/// the faster graph. Each rewrite computes the same function; only the operators change.
/// </summary>
public static class OnnxRewrites
{
    /// <summary>
    /// PRelu(x, slope) → Relu(x) − slope · Relu(−x). ONNX Runtime's CPU PRelu is a generic broadcasting kernel with no
    /// blocked-layout (NCHWc) version, so every PRelu forces layout reorders around it; Relu, Neg, Mul and Sub have fast
    /// kernels. Equal for any slope: for x ≥ 0 the second term is 0, for x &lt; 0 the first is 0 and −slope · (−x) = slope · x.
    /// Measured gain: docs/benchmarks.md.
    /// </summary>
    public const string SplitPRelu = "split-prelu";

    public static IReadOnlySet<string> KnownNames { get; } = new HashSet<string>(StringComparer.Ordinal) { SplitPRelu };

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
                case SplitPRelu:
                    SplitPReluNodes(model.Graph);
                    break;
                default:
                    throw new ModelImportException($"Unknown rewrite '{rewrite}'; known: {string.Join(", ", KnownNames)}.");
            }
        }

        return model.ToByteArray();
    }

    private static void SplitPReluNodes(GraphProto graph)
    {
        var taken = new HashSet<string>(graph.Node.SelectMany(n => n.Output).Concat(graph.Node.Select(n => n.Name))
            .Concat(graph.Initializer.Select(i => i.Name)).Concat(graph.Input.Select(i => i.Name)), StringComparer.Ordinal);
        string Fresh(string wanted)
        {
            var name = wanted;
            for (var i = 1; !taken.Add(name); i++)
            {
                name = $"{wanted}_{i}";
            }

            return name;
        }

        var original = graph.Node.ToList();
        graph.Node.Clear();
        foreach (var node in original)
        {
            if (node.OpType != "PRelu" || node.Domain is not ("" or "ai.onnx"))
            {
                graph.Node.Add(node);
                continue;
            }

            var (x, slope, y) = (node.Input[0], node.Input[1], node.Output[0]);
            var stem = string.IsNullOrEmpty(node.Name) ? y : node.Name;
            var positive = Fresh(stem + "/positive");
            var negated = Fresh(stem + "/negated");
            var negative = Fresh(stem + "/negative");
            var scaled = Fresh(stem + "/scaled");
            graph.Node.Add(Node("Relu", positive, x));
            graph.Node.Add(Node("Neg", negated, x));
            graph.Node.Add(Node("Relu", negative, negated));
            graph.Node.Add(Node("Mul", scaled, negative, slope));
            graph.Node.Add(new NodeProto { OpType = "Sub", Name = Fresh(stem + "/split"), Input = { positive, scaled }, Output = { y } });
        }
    }

    private static NodeProto Node(string opType, string output, params string[] inputs) =>
        new() { OpType = opType, Name = output, Input = { inputs }, Output = { output } };
}

using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Headshots.Benchmarks;

/// <summary>
/// Counts the multiply-adds of a model's Conv, ConvTranspose, Gemm and MatMul nodes (2 FLOPs each) for given input
/// shapes. The shapes of intermediate tensors are read by running the model once with every such node's input and output
/// exposed as a graph output; the weights' shapes come from the initializers. Element-wise operators, pooling and
/// resizing are not counted: they are memory-bound and small next to the convolutions.
/// </summary>
public static class OnnxFlops
{
    public static double Count(string modelPath, IReadOnlyDictionary<string, long[]> inputShapes)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        var graph = model.Graph;
        var weights = graph.Initializer.ToDictionary(i => i.Name, i => i.Dims.ToArray(), StringComparer.Ordinal);
        var counted = graph.Node.Where(n => n.OpType is "Conv" or "ConvTranspose" or "Gemm" or "MatMul").ToList();
        var exposed = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var graphInputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in counted.SelectMany(n => n.Input.Take(2).Concat(n.Output.Take(1))))
        {
            if (!weights.ContainsKey(name) && !graphInputs.Contains(name) && exposed.Add(name))
            {
                graph.Output.Add(new ValueInfoProto { Name = name });
            }
        }

        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var inputs = inputShapes.Select(kv => (kv.Key, Value: OrtValue.CreateTensorValueFromMemory(new float[kv.Value.Aggregate(1L, (a, b) => a * b)], kv.Value))).ToList();
        var names = session.OutputNames.ToList();
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs.Select(i => i.Key).ToList(), inputs.Select(i => i.Value).ToList(), names);
        var shapes = names.Select((name, index) => (name, shape: outputs[index].GetTensorTypeAndShape().Shape))
            .ToDictionary(p => p.name, p => p.shape, StringComparer.Ordinal);
        foreach (var (name, shape) in inputShapes)
        {
            shapes[name] = shape;
        }

        foreach (var input in inputs)
        {
            input.Value.Dispose();
        }

        double flops = 0;
        foreach (var node in counted)
        {
            long[] Shape(string name) => shapes.TryGetValue(name, out var s) ? s : weights[name];
            var groups = node.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1;
            switch (node.OpType)
            {
                case "Conv":
                    {
                        // Weights [Cout, Cin/groups, kh, kw]: each output element takes Cin/groups · kh · kw multiply-adds.
                        var w = weights[node.Input[1]];
                        flops += 2.0 * Product(Shape(node.Output[0])) * Product(w.AsSpan(1));
                        break;
                    }

                case "ConvTranspose":
                    {
                        // Weights [Cin, Cout/groups, kh, kw]: each input element is spread over Cout/groups · kh · kw outputs.
                        var w = weights[node.Input[1]];
                        flops += 2.0 * Product(Shape(node.Input[0])) * Product(w.AsSpan(1));
                        break;
                    }

                default:
                    {
                        // Gemm and MatMul: output [.., M, N], inner dimension K from the first operand's last axis.
                        var a = Shape(node.Input[0]);
                        var transposed = node.OpType == "Gemm" && (node.Attribute.FirstOrDefault(x => x.Name == "transA")?.I ?? 0) == 1;
                        var k = transposed ? a[^2] : a[^1];
                        flops += 2.0 * Product(Shape(node.Output[0])) * k;
                        break;
                    }
            }
        }

        return flops;
    }

    private static double Product(ReadOnlySpan<long> dims)
    {
        double product = 1;
        foreach (var d in dims)
        {
            product *= d;
        }

        return product;
    }
}

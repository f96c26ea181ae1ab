using Google.Protobuf;
using Onnx;

namespace Headshots.Vision.Tests.Onnx;

/// <summary>Small ONNX graphs built in code, so model plumbing is tested without downloaded weights (also linked into the benchmarks).</summary>
internal static class OnnxGraphs
{
    private const int FloatType = 1;

    /// <summary>y[batch, n] = x[batch, k] · w[k, n], with w stored in the graph. <paramref name="batch"/> null makes the batch dimension symbolic.</summary>
    public static byte[] MatMul(float[,] weights, string input = "x", string output = "y", long? batch = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int k = weights.GetLength(0), n = weights.GetLength(1);
        var w = new TensorProto { Name = "w", DataType = FloatType, Dims = { k, n } };
        w.FloatData.AddRange(weights.Cast<float>());
        var graph = new GraphProto
        {
            Name = "matmul",
            Initializer = { w },
            Node = { new NodeProto { OpType = "MatMul", Input = { input, "w" }, Output = { output } } },
            Input = { Value(input, batch, k) },
            Output = { Value(output, batch, n) },
        };
        return Model(graph);
    }

    /// <summary>A model with a different layout from <see cref="MatMul"/>: y[1, size] = relu(x[1, size]).</summary>
    public static byte[] Relu(int size, string input = "input", string output = "output")
    {
        var graph = new GraphProto
        {
            Name = "relu",
            Node = { new NodeProto { OpType = "Relu", Input = { input }, Output = { output } } },
            Input = { Value(input, 1, size) },
            Output = { Value(output, 1, size) },
        };
        return Model(graph);
    }

    /// <summary>y[1, c, 2, 2] = PRelu(PRelu(x, slope), slope): two PRelu nodes, one unnamed, slopes shaped [c, 1, 1] as in CNNs.</summary>
    public static byte[] PRelu(float[] slopes)
    {
        ArgumentNullException.ThrowIfNull(slopes);
        var slope = new TensorProto { Name = "slope", DataType = FloatType, Dims = { slopes.Length, 1, 1 } };
        slope.FloatData.AddRange(slopes);
        var graph = new GraphProto
        {
            Name = "prelu",
            Initializer = { slope },
            Node =
            {
                new NodeProto { OpType = "PRelu", Name = "first", Input = { "x", "slope" }, Output = { "hidden" } },
                new NodeProto { OpType = "PRelu", Input = { "hidden", "slope" }, Output = { "y" } },
            },
            Input = { Value("x", 1, slopes.Length, 2, 2) },
            Output = { Value("y", 1, slopes.Length, 2, 2) },
        };
        return Model(graph);
    }

    private static byte[] Model(GraphProto graph) => new ModelProto
    {
        IrVersion = 8,
        ProducerName = "headshots-tests",
        OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
        Graph = graph,
    }.ToByteArray();

    /// <summary>A float tensor; a null dimension is the symbolic <c>batch</c>.</summary>
    private static ValueInfoProto Value(string name, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is { } d ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }
}

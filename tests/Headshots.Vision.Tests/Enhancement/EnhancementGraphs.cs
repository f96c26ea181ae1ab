using Google.Protobuf;
using Onnx;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>Small image-to-image ONNX graphs, built in code, standing in for restoration and super-resolution models.</summary>
internal static class EnhancementGraphs
{
    private const int FloatType = 1;

    /// <summary>
    /// A ×2 super-resolution-shaped network: 3×3 convolution to 12 channels (padding 1, so its receptive-field radius is 1
    /// input pixel) and a pixel shuffle, NCHW with dynamic height and width, like Real-ESRGAN's tail.
    /// </summary>
    public static byte[] ConvPixelShuffle(int seed)
    {
        var random = new Random(seed);
        var weights = new TensorProto { Name = "w", DataType = FloatType, Dims = { 12, 3, 3, 3 } };
        weights.FloatData.AddRange(Enumerable.Range(0, 12 * 27).Select(_ => (float)(random.NextDouble() - 0.3) / 6));
        var bias = new TensorProto { Name = "b", DataType = FloatType, Dims = { 12 } };
        bias.FloatData.AddRange(Enumerable.Range(0, 12).Select(_ => (float)random.NextDouble() * 0.2f));
        var graph = new GraphProto
        {
            Name = "conv_pixel_shuffle",
            Initializer = { weights, bias },
            Node =
            {
                new NodeProto
                {
                    OpType = "Conv",
                    Input = { "x", "w", "b" },
                    Output = { "features" },
                    Attribute = { Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3) },
                },
                new NodeProto
                {
                    OpType = "DepthToSpace",
                    Input = { "features" },
                    Output = { "y" },
                    Attribute = { Int("blocksize", 2), Text("mode", "CRD") },
                },
            },
            Input = { Value("x", Dim(1), Dim(3), Dim("h"), Dim("w")) },
            Output = { Value("y", Dim(1), Dim(3), Dim("h2"), Dim("w2")) },
        };
        return Model(graph);
    }

    /// <summary>y = −x on a fixed [1, size, size, 3] NHWC input: with inputs in −1..1 it turns a pixel p into 1 − p.</summary>
    public static byte[] NegateNhwc(int size, string input = "face", string output = "restored") => Model(new GraphProto
    {
        Name = "negate",
        Node = { new NodeProto { OpType = "Neg", Input = { input }, Output = { output } } },
        Input = { Value(input, Dim(1), Dim(size), Dim(size), Dim(3)) },
        Output = { Value(output, Dim(1), Dim(size), Dim(size), Dim(3)) },
    });

    /// <summary>y = x on a fixed [1, 3, size, size] NCHW input.</summary>
    public static byte[] IdentityNchw(int size) => Model(new GraphProto
    {
        Name = "identity",
        Node = { new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } } },
        Input = { Value("x", Dim(1), Dim(3), Dim(size), Dim(size)) },
        Output = { Value("y", Dim(1), Dim(3), Dim(size), Dim(size)) },
    });

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static TensorShapeProto.Types.Dimension Dim(long size) => new() { DimValue = size };

    private static TensorShapeProto.Types.Dimension Dim(string symbol) => new() { DimParam = symbol };

    private static ValueInfoProto Value(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }

    private static byte[] Model(GraphProto graph) => new ModelProto
    {
        IrVersion = 8,
        ProducerName = "headshots-tests",
        OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
        Graph = graph,
    }.ToByteArray();
}

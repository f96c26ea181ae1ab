using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>
/// Builds one ONNX graph in the order nodes are added and serialises it deterministically: no timestamps, no random or
/// counter-from-a-global names, no dictionaries iterated into the output, fixed producer strings. Protobuf's own encoding of a
/// message without maps is canonical, so the same calls give the same bytes.
/// </summary>
internal sealed class OnnxGraphWriter
{
    /// <summary>Opset 17: HardSwish (14), Resize with sizes (13), Pad with tensor inputs (13). ONNX Runtime 1.31 runs it.</summary>
    public const long Opset = 17;

    private const long IrVersion = 8;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphWriter(string graphName) => _graph = new GraphProto { Name = graphName };

    /// <summary>Reserves <paramref name="wanted"/> or, if taken, <c>wanted_2</c>, <c>wanted_3</c>… (the same sequence on every run).</summary>
    public string UniqueName(string wanted)
    {
        var name = wanted;
        for (var i = 2; !_names.Add(name); i++)
        {
            name = $"{wanted}_{i}";
        }

        return name;
    }

    public void AddInput(string name, IReadOnlyList<TensorDimension> shape) => _graph.Input.Add(Value(name, shape));

    public void AddOutput(string name, IReadOnlyList<TensorDimension> shape) => _graph.Output.Add(Value(name, shape));

    /// <summary>A float32 constant, stored as raw bytes in the machine's order, which ONNX requires to be little-endian (every platform .NET's ONNX Runtime package ships for is).</summary>
    public string AddFloats(string wanted, IReadOnlyList<long> dims, float[] values)
    {
        if (values.Length != dims.Aggregate(1L, (a, d) => a * d))
        {
            throw new ModelImportException($"Constant '{wanted}' has {values.Length} values for shape [{string.Join(",", dims)}].");
        }

        var name = UniqueName(wanted);
        var tensor = new TensorProto { Name = name, DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string AddInt64s(string wanted, long[] values)
    {
        var name = UniqueName(wanted);
        var tensor = new TensorProto { Name = name, DataType = Int64Type, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(values.Length);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node whose single output gets a fresh name derived from <paramref name="output"/>; returns that name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, string output, params Attribute[] attributes)
    {
        var name = UniqueName(output);
        NodeWithOutputs(opType, inputs, [name], attributes);
        return name;
    }

    /// <summary>Adds a node writing to output names already reserved with <see cref="UniqueName"/>.</summary>
    public void NodeWithOutputs(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputs, params Attribute[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}:{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var attribute in attributes)
        {
            node.Attribute.Add(attribute.ToProto());
        }

        _graph.Node.Add(node);
    }

    public byte[] ToBytes(string producer, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            ProducerVersion = "1",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, IReadOnlyList<TensorDimension> shape)
    {
        var dims = new TensorShapeProto();
        foreach (var dim in shape)
        {
            dims.Dim.Add(dim.IsDynamic
                ? new TensorShapeProto.Types.Dimension { DimParam = dim.Symbol ?? throw new ModelImportException($"Dynamic dimension of '{name}' needs a name.") }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Size });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = dims } },
        };
    }
}

/// <summary>An ONNX node attribute: an int, a float, a string, or a list of ints.</summary>
internal sealed record Attribute(string Name, long? Int = null, float? Float = null, string? Text = null, IReadOnlyList<long>? Ints = null)
{
    public static Attribute Of(string name, long value) => new(name, Int: value);

    public static Attribute Of(string name, float value) => new(name, Float: value);

    public static Attribute Of(string name, string value) => new(name, Text: value);

    public static Attribute Of(string name, IReadOnlyList<long> values) => new(name, Ints: values);

    public AttributeProto ToProto()
    {
        var proto = new AttributeProto { Name = Name };
        if (Int is { } i)
        {
            proto.Type = AttributeProto.Types.AttributeType.Int;
            proto.I = i;
        }
        else if (Float is { } f)
        {
            proto.Type = AttributeProto.Types.AttributeType.Float;
            proto.F = f;
        }
        else if (Text is { } s)
        {
            proto.Type = AttributeProto.Types.AttributeType.String;
            proto.S = ByteString.CopyFromUtf8(s);
        }
        else
        {
            proto.Type = AttributeProto.Types.AttributeType.Ints;
            proto.Ints.AddRange(Ints ?? []);
        }

        return proto;
    }
}

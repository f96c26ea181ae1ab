using System.Buffers.Binary;
using Google.FlatBuffers;
using Headshots.Vision.Onnx.Importers;

namespace Headshots.Vision.Tests.Onnx.Importers;

/// <summary>An option field of a TFLite builtin options table: field index, value, and whether the schema declares it a byte.</summary>
internal readonly record struct TfliteOption(int Field, int Value, bool IsByte)
{
    public static TfliteOption Int(int field, int value) => new(field, value, false);

    public static TfliteOption Byte(int field, int value) => new(field, value, true);
}

/// <summary>
/// Writes small TFLite files with the flatbuffer builder, laid out by TensorFlow Lite's schema field numbers (Model, SubGraph,
/// Tensor, Buffer, Operator, OperatorCode), so the importer is tested on real flatbuffers without any downloaded model.
/// </summary>
internal sealed class TinyTflite
{
    private const byte Float32 = 0;
    private const byte Float16 = 1;
    private const byte Int32 = 2;

    private readonly List<(string Name, int[] Shape, byte Type, byte[]? Data)> _tensors = [];
    private readonly List<(int Code, string? Custom, int[] Inputs, int[] Outputs, TfliteOption[] Options, byte[]? CustomOptions)> _operators = [];
    private readonly List<int> _inputs = [];

    public int Input(string name, params int[] shape)
    {
        _inputs.Add(Add(name, shape, Float32, null));
        return _tensors.Count - 1;
    }

    public int Activation(string name, params int[] shape) => Add(name, shape, Float32, null);

    public int Weights(string name, float[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Add(name, shape, Float32, bytes);
    }

    /// <summary>fp16 weights behind a DEQUANTIZE operator, as MediaPipe stores them; returns the float32 tensor the DEQUANTIZE writes.</summary>
    public int Float16Weights(string name, float[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        }

        var half = Add(name, shape, Float16, bytes);
        var widened = Activation($"{name}_dequantize", shape);
        Op(TfliteBuiltin.Dequantize, [half], [widened]);
        return widened;
    }

    public int IntConstant(string name, int[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Add(name, shape, Int32, bytes);
    }

    public void Op(TfliteBuiltin code, int[] inputs, int[] outputs, params TfliteOption[] options) =>
        _operators.Add(((int)code, null, inputs, outputs, options, null));

    public void Custom(string customCode, int[] inputs, int[] outputs, byte[] customOptions) =>
        _operators.Add(((int)TfliteBuiltin.Custom, customCode, inputs, outputs, [], customOptions));

    public byte[] Build(params int[] outputs)
    {
        var b = new FlatBufferBuilder(1024);

        // Buffer 0 is the empty buffer every TFLite file starts with; each constant gets its own after it.
        var buffers = new List<int> { EmptyTable(b) };
        var tensorBuffer = new int[_tensors.Count];
        for (var i = 0; i < _tensors.Count; i++)
        {
            if (_tensors[i].Data is { } data)
            {
                var vector = ByteVector(b, data);
                b.StartTable(1);
                b.AddOffset(0, vector, 0);
                buffers.Add(b.EndTable());
                tensorBuffer[i] = buffers.Count - 1;
            }
        }

        var tensors = _tensors.Select((t, i) =>
        {
            var name = b.CreateString(t.Name);
            var shape = IntVector(b, t.Shape);
            b.StartTable(4);
            b.AddOffset(0, shape, 0);
            b.AddByte(1, t.Type, 0);
            b.AddUint(2, (uint)tensorBuffer[i], 0);
            b.AddOffset(3, name.Value, 0);
            return b.EndTable();
        }).ToList();

        var codes = _operators.Select(o => (o.Code, o.Custom)).Distinct().ToList();
        var operators = _operators.Select(o =>
        {
            var inputs = IntVector(b, o.Inputs);
            var outputs = IntVector(b, o.Outputs);
            var custom = o.CustomOptions is { } bytes ? ByteVector(b, bytes) : 0;
            var options = 0;
            if (o.Options.Length > 0)
            {
                b.StartTable(o.Options.Max(x => x.Field) + 1);
                foreach (var option in o.Options)
                {
                    if (option.IsByte)
                    {
                        b.AddByte(option.Field, (byte)option.Value, 0);
                    }
                    else
                    {
                        b.AddInt(option.Field, option.Value, 0);
                    }
                }

                options = b.EndTable();
            }

            b.StartTable(6);
            b.AddUint(0, (uint)codes.IndexOf((o.Code, o.Custom)), 0);
            b.AddOffset(1, inputs, 0);
            b.AddOffset(2, outputs, 0);
            b.AddOffset(4, options, 0);
            b.AddOffset(5, custom, 0);
            return b.EndTable();
        }).ToList();

        var operatorCodes = codes.Select(c =>
        {
            var custom = c.Custom is null ? default : b.CreateString(c.Custom);
            b.StartTable(4);
            b.AddByte(0, (byte)Math.Min(c.Code, 127), 0);
            b.AddOffset(1, custom.Value, 0);
            b.AddInt(2, 1, 0);
            b.AddInt(3, c.Code, 0);
            return b.EndTable();
        }).ToList();

        var tensorVector = TableVector(b, tensors);
        var inputVector = IntVector(b, [.. _inputs]);
        var outputVector = IntVector(b, outputs);
        var operatorVector = TableVector(b, operators);
        b.StartTable(5);
        b.AddOffset(0, tensorVector, 0);
        b.AddOffset(1, inputVector, 0);
        b.AddOffset(2, outputVector, 0);
        b.AddOffset(3, operatorVector, 0);
        var subgraph = b.EndTable();

        var codeVector = TableVector(b, operatorCodes);
        var subgraphVector = TableVector(b, [subgraph]);
        var bufferVector = TableVector(b, buffers);
        b.StartTable(5);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codeVector, 0);
        b.AddOffset(2, subgraphVector, 0);
        b.AddOffset(4, bufferVector, 0);
        b.Finish(b.EndTable(), "TFL3");
        return b.SizedByteArray();
    }

    private int Add(string name, int[] shape, byte type, byte[]? data)
    {
        _tensors.Add((name, shape, type, data));
        return _tensors.Count - 1;
    }

    private static int EmptyTable(FlatBufferBuilder b)
    {
        b.StartTable(1);
        return b.EndTable();
    }

    private static int IntVector(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (var i = values.Length - 1; i >= 0; i--)
        {
            b.AddInt(values[i]);
        }

        return b.EndVector().Value;
    }

    private static int ByteVector(FlatBufferBuilder b, byte[] values)
    {
        b.StartVector(1, values.Length, 16);
        for (var i = values.Length - 1; i >= 0; i--)
        {
            b.AddByte(values[i]);
        }

        return b.EndVector().Value;
    }

    private static int TableVector(FlatBufferBuilder b, List<int> tables)
    {
        b.StartVector(4, tables.Count, 4);
        for (var i = tables.Count - 1; i >= 0; i--)
        {
            b.AddOffset(tables[i]);
        }

        return b.EndVector().Value;
    }
}

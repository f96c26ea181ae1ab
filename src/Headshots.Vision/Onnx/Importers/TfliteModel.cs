using System.Buffers.Binary;
using Google.FlatBuffers;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>TFLite element types (the <c>TensorType</c> enum of TensorFlow Lite's schema); only those the importer meets are named.</summary>
internal enum TfliteTensorType : byte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
}

/// <summary>
/// The first subgraph of a <c>.tflite</c> file, read through the flatbuffer runtime's <see cref="Table"/> accessors by field
/// index. Only the tables the importer needs are read (Model → SubGraphs → Tensors/Operators, Buffers, OperatorCodes); the
/// field numbers below are those of TensorFlow Lite's published schema, which only ever appends fields.
/// </summary>
internal sealed class TfliteModel
{
    private const string FileIdentifier = "TFL3";

    private TfliteModel(IReadOnlyList<TfliteTensor> tensors, IReadOnlyList<int> inputs, IReadOnlyList<int> outputs, IReadOnlyList<TfliteOperator> operators)
    {
        Tensors = tensors;
        Inputs = inputs;
        Outputs = outputs;
        Operators = operators;
    }

    public IReadOnlyList<TfliteTensor> Tensors { get; }

    public IReadOnlyList<int> Inputs { get; }

    public IReadOnlyList<int> Outputs { get; }

    /// <summary>In execution order (TFLite stores operators topologically sorted).</summary>
    public IReadOnlyList<TfliteOperator> Operators { get; }

    public static TfliteModel Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 8 || System.Text.Encoding.ASCII.GetString(file, 4, 4) != FileIdentifier)
        {
            throw new ModelImportException($"Not a TFLite file: the flatbuffer identifier is not '{FileIdentifier}'.");
        }

        try
        {
            return Parse(file);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException)
        {
            throw new ModelImportException($"The TFLite file is malformed ({e.Message}).", e);
        }
    }

    private static TfliteModel Parse(byte[] file)
    {
        var bb = new ByteBuffer(file);
        var model = new FlatTable(new Table(bb.GetInt(0), bb));

        // Model: 0 version, 1 operator_codes, 2 subgraphs, 3 description, 4 buffers.
        var opcodes = model.Tables(1).Select(ReadOperatorCode).ToList();
        var buffers = model.Tables(4).Select(b => ReadBuffer(b, file)).ToList();
        var subgraphs = model.Tables(2);
        if (subgraphs.Count == 0)
        {
            throw new ModelImportException("The TFLite file has no subgraph.");
        }

        // SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators, 4 name.
        var graph = subgraphs[0];
        var tensors = graph.Tables(0).Select(t => ReadTensor(t, buffers)).ToList();
        var operators = graph.Tables(3).Select(o => ReadOperator(o, opcodes)).ToList();
        return new TfliteModel(tensors, graph.Ints(1), graph.Ints(2), operators);
    }

    /// <summary>OperatorCode: 0 deprecated_builtin_code (byte), 1 custom_code, 2 version, 3 builtin_code (int). Newer writers fill both codes; the larger one is the real one.</summary>
    private static (int Code, string? Custom) ReadOperatorCode(FlatTable code) =>
        (Math.Max(code.Byte(0, 0), code.Int(3, 0)), code.String(1));

    /// <summary>Buffer: 0 data, 1 offset, 2 size. Offset and size address bytes after the flatbuffer, used by writers for files over 2 GB.</summary>
    private static ReadOnlyMemory<byte> ReadBuffer(FlatTable buffer, byte[] file)
    {
        if (buffer.Bytes(0) is { Count: > 0 } data)
        {
            return data;
        }

        var offset = buffer.ULong(1);
        var size = buffer.ULong(2);
        if (offset > 1 && size > 0)
        {
            if (offset + size > (ulong)file.LongLength)
            {
                throw new ModelImportException($"A TFLite buffer at {offset}+{size} lies outside the {file.LongLength}-byte file.");
            }

            return file.AsMemory(checked((int)offset), checked((int)size));
        }

        return ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization.</summary>
    private static TfliteTensor ReadTensor(FlatTable tensor, List<ReadOnlyMemory<byte>> buffers)
    {
        var buffer = (int)tensor.UInt(2);
        if (buffer >= buffers.Count)
        {
            throw new ModelImportException($"Tensor '{tensor.String(3)}' refers to buffer {buffer} of {buffers.Count}.");
        }

        return new TfliteTensor(tensor.String(3) ?? string.Empty, [.. tensor.Ints(0)], (TfliteTensorType)tensor.Byte(1, 0), buffers[buffer]);
    }

    /// <summary>Operator: 0 opcode_index, 1 inputs, 2 outputs, 3 builtin_options_type, 4 builtin_options, 5 custom_options.</summary>
    private static TfliteOperator ReadOperator(FlatTable op, List<(int Code, string? Custom)> opcodes)
    {
        var index = (int)op.UInt(0);
        if (index >= opcodes.Count)
        {
            throw new ModelImportException($"An operator refers to operator code {index} of {opcodes.Count}.");
        }

        var (code, custom) = opcodes[index];
        return new TfliteOperator((TfliteBuiltin)code, custom, op.Ints(1), op.Ints(2), op.Table(4), op.Bytes(5) ?? ArraySegment<byte>.Empty);
    }
}

/// <summary>A tensor of the subgraph; <paramref name="Data"/> holds a constant's little-endian contents and is empty for activations.</summary>
internal sealed record TfliteTensor(string Name, IReadOnlyList<int> Shape, TfliteTensorType Type, ReadOnlyMemory<byte> Data)
{
    public bool IsConstant => !Data.IsEmpty;

    /// <summary>The constant's values as float32; fp16 weights (MediaPipe stores them so, behind DEQUANTIZE) are widened exactly.</summary>
    public float[] Floats()
    {
        var bytes = Data.Span;
        var values = new float[Type switch
        {
            TfliteTensorType.Float32 => bytes.Length / 4,
            TfliteTensorType.Float16 => bytes.Length / 2,
            _ => throw new ModelImportException($"Tensor '{Name}' holds {Type}, not floating-point weights."),
        }];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Type == TfliteTensorType.Float32
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..])
                : (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
        }

        return values;
    }

    public int[] Ints()
    {
        if (Type != TfliteTensorType.Int32)
        {
            throw new ModelImportException($"Tensor '{Name}' holds {Type}, not int32.");
        }

        var bytes = Data.Span;
        var values = new int[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    public override string ToString() => $"'{Name}' {Type}[{string.Join(",", Shape)}]";
}

/// <summary>
/// One operator: <paramref name="Inputs"/> are tensor indices (-1 marks an omitted optional input), <paramref name="Options"/>
/// its builtin options table if it has one, <paramref name="CustomOptions"/> a custom operator's raw option bytes.
/// </summary>
internal sealed record TfliteOperator(
    TfliteBuiltin Code, string? CustomCode, IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs, FlatTable? Options, ArraySegment<byte> CustomOptions)
{
    public string OpName => Code == TfliteBuiltin.Custom ? $"CUSTOM({CustomCode})" : Code.ToString();
}

/// <summary>Field access on one flatbuffer table by field index (vtable slot 4 + 2·index), with the schema's defaults for absent fields.</summary>
internal readonly struct FlatTable
{
    private readonly Table _table;

    public FlatTable(Table table) => _table = table;

    public int Int(int field, int defaultValue)
    {
        var o = Offset(field);
        return o == 0 ? defaultValue : _table.bb.GetInt(_table.bb_pos + o);
    }

    public uint UInt(int field)
    {
        var o = Offset(field);
        return o == 0 ? 0 : _table.bb.GetUint(_table.bb_pos + o);
    }

    public ulong ULong(int field)
    {
        var o = Offset(field);
        return o == 0 ? 0 : _table.bb.GetUlong(_table.bb_pos + o);
    }

    public byte Byte(int field, byte defaultValue)
    {
        var o = Offset(field);
        return o == 0 ? defaultValue : _table.bb.Get(_table.bb_pos + o);
    }

    public bool Bool(int field) => Byte(field, 0) != 0;

    public string? String(int field)
    {
        var o = Offset(field);
        return o == 0 ? null : _table.__string(_table.bb_pos + o);
    }

    public IReadOnlyList<int> Ints(int field)
    {
        var o = Offset(field);
        if (o == 0)
        {
            return [];
        }

        var start = _table.__vector(o);
        var bb = _table.bb;
        return Enumerable.Range(0, _table.__vector_len(o)).Select(i => bb.GetInt(start + (i * 4))).ToList();
    }

    public ArraySegment<byte>? Bytes(int field) => Offset(field) == 0 ? null : _table.__vector_as_arraysegment(Slot(field));

    public FlatTable? Table(int field)
    {
        var o = Offset(field);
        return o == 0 ? null : new FlatTable(new Table(_table.__indirect(_table.bb_pos + o), _table.bb));
    }

    public IReadOnlyList<FlatTable> Tables(int field)
    {
        var o = Offset(field);
        if (o == 0)
        {
            return [];
        }

        var start = _table.__vector(o);
        var table = _table;
        return Enumerable.Range(0, _table.__vector_len(o)).Select(i => new FlatTable(new Table(table.__indirect(start + (i * 4)), table.bb))).ToList();
    }

    /// <summary>0 when the field is absent; <c>default(FlatTable)</c> stands for an absent table, whose fields all take their defaults.</summary>
    private int Offset(int field) => _table.bb is null ? 0 : _table.__offset(Slot(field));

    private static int Slot(int field) => 4 + (2 * field);
}

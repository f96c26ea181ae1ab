using System.Buffers.Binary;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>
/// One TFLite subgraph turned into one ONNX graph, operator by operator in the file's (topological) order. Every 4-D
/// activation an operator produces lives in ONNX as NCHW; <see cref="Nchw"/> and <see cref="Nhwc"/> insert a Transpose only
/// where an operator needs the other layout (graph inputs and outputs, RESHAPE), and cache it so it is added once.
/// </summary>
internal sealed class TfliteGraphImport
{
    private const string Producer = "headshots-tflite-import";

    // TFLite's Padding enum (builtin options) and TfLitePadding (MediaPipe's custom options struct) number SAME differently.
    private const byte BuiltinPaddingSame = 0;
    private const int CustomPaddingSame = 1;

    private readonly TfliteModel _model;
    private readonly TfliteImportOptions _options;
    private readonly OnnxGraphWriter _onnx = new("tflite");
    private readonly Dictionary<int, Value> _values = [];
    private readonly Dictionary<int, float[]> _folded = [];
    private readonly Dictionary<(int Tensor, Layout Layout), string> _views = [];
    private readonly Dictionary<(int Tensor, string Arrangement), string> _constants = [];
    private readonly Dictionary<int, string> _scalars = [];

    public TfliteGraphImport(TfliteModel model, TfliteImportOptions options)
    {
        _model = model;
        _options = options;
    }

    private enum Layout
    {
        /// <summary>As TFLite stores it (NHWC for 4-D tensors).</summary>
        Source,
        Nchw,
    }

    public byte[] Run()
    {
        var outputs = _model.Outputs.Select(t => (Tensor: t, Name: Reserve(t))).ToList();
        foreach (var input in _model.Inputs)
        {
            var tensor = _model.Tensors[input];
            if (tensor.Type != TfliteTensorType.Float32)
            {
                throw new ModelImportException($"Graph input {tensor} is not float32.");
            }

            var name = Reserve(input);
            _onnx.AddInput(name, Dims(tensor.Shape));
            _values[input] = new Value(name, Layout.Source);
        }

        foreach (var op in _model.Operators)
        {
            try
            {
                Import(op);
            }
            catch (ModelImportException e)
            {
                throw new ModelImportException($"{op.OpName} → {Describe(op.Outputs[0])}: {e.Message}", e);
            }
        }

        foreach (var (tensor, name) in outputs)
        {
            var value = Activation(tensor);
            if (Rank(tensor) == 4 && value.Layout == Layout.Nchw)
            {
                _onnx.NodeWithOutputs("Transpose", [value.Name], [name], Attribute.Of("perm", ToLongs(WeightLayout.NchwToNhwc)));
            }
            else
            {
                _onnx.NodeWithOutputs("Identity", [value.Name], [name]);
            }

            _onnx.AddOutput(name, Dims(_model.Tensors[tensor].Shape));
        }

        return _onnx.ToBytes(Producer, "Imported from TFLite by Headshots; inputs and outputs keep the source model's NHWC layout.");
    }

    private void Import(TfliteOperator op)
    {
        switch (op.Code)
        {
            case TfliteBuiltin.Conv2D:
                Conv(op, depthwise: false);
                break;
            case TfliteBuiltin.DepthwiseConv2D:
                Conv(op, depthwise: true);
                break;
            case TfliteBuiltin.TransposeConv:
                TransposeConv(op, input: op.Inputs[2], weights: op.Inputs[1], bias: Optional(op, 3),
                    same: Options(op).Byte(0, BuiltinPaddingSame) == BuiltinPaddingSame, strideW: Options(op).Int(1, 1), strideH: Options(op).Int(2, 1),
                    fused: Options(op).Byte(3, 0));
                break;
            case TfliteBuiltin.Custom when op.CustomCode == "Convolution2DTransposeBias":
                // MediaPipe's op: inputs (input, OHWI weights, bias); options are a raw TfLiteTransposeConvParams (padding, stride_w, stride_h).
                if (op.CustomOptions.Count < 12)
                {
                    throw new ModelImportException($"expected 12 bytes of options, found {op.CustomOptions.Count}");
                }

                TransposeConv(op, input: op.Inputs[0], weights: op.Inputs[1], bias: Optional(op, 2),
                    same: ReadInt(op.CustomOptions, 0) == CustomPaddingSame, strideW: ReadInt(op.CustomOptions, 4), strideH: ReadInt(op.CustomOptions, 8), fused: 0);
                break;
            case TfliteBuiltin.AveragePool2D:
                Pool(op, "AveragePool");
                break;
            case TfliteBuiltin.MaxPool2D:
                Pool(op, "MaxPool");
                break;
            case TfliteBuiltin.Add:
                Elementwise(op, "Add", Options(op).Byte(0, 0));
                break;
            case TfliteBuiltin.Sub:
                Elementwise(op, "Sub", Options(op).Byte(0, 0));
                break;
            case TfliteBuiltin.Mul:
                Elementwise(op, "Mul", Options(op).Byte(0, 0));
                break;
            case TfliteBuiltin.Prelu:
                Elementwise(op, "PRelu", fused: 0);
                break;
            case TfliteBuiltin.Relu:
                Unary(op, "Relu");
                break;
            case TfliteBuiltin.Logistic:
                Unary(op, "Sigmoid");
                break;
            case TfliteBuiltin.Tanh:
                Unary(op, "Tanh");
                break;
            case TfliteBuiltin.HardSwish:
                Unary(op, "HardSwish");
                break;
            case TfliteBuiltin.Relu6:
                var relu6Input = Activation(op.Inputs[0]);
                SetOutput(op, Activate(relu6Input.Name, FusedActivation.Relu6, _onnx.UniqueName(Describe(op.Outputs[0]))), relu6Input.Layout);
                break;
            case TfliteBuiltin.ResizeBilinear:
                ResizeBilinear(op);
                break;
            case TfliteBuiltin.Pad:
            case TfliteBuiltin.PadV2:
                Pad(op);
                break;
            case TfliteBuiltin.Concatenation:
                Concatenation(op);
                break;
            case TfliteBuiltin.Reshape:
                Reshape(op);
                break;
            case TfliteBuiltin.Dequantize:
                Dequantize(op);
                break;
            default:
                throw new ModelImportException("this operator is not supported by the TFLite importer");
        }
    }

    /// <summary>CONV_2D (options: padding, stride_w, stride_h, activation, dilation_w, dilation_h) and DEPTHWISE_CONV_2D (… depth_multiplier before activation).</summary>
    private void Conv(TfliteOperator op, bool depthwise)
    {
        var o = Options(op);
        var (strideW, strideH) = (o.Int(1, 1), o.Int(2, 1));
        var same = o.Byte(0, BuiltinPaddingSame) == BuiltinPaddingSame;
        var (fused, dilationW, dilationH) = depthwise ? (o.Byte(4, 0), o.Int(5, 1), o.Int(6, 1)) : (o.Byte(3, 0), o.Int(4, 1), o.Int(5, 1));
        var (input, weights, output) = (Shape(op.Inputs[0]), Shape(op.Inputs[1]), Shape(op.Outputs[0]));
        RequireRank(op.Inputs[0], 4);
        RequireRank(op.Inputs[1], 4);

        // TFLite filters are OHWI (depthwise: 1,H,W,C·M with output channel c·M+m); ONNX wants OIHW (depthwise: C·M,1,H,W, group C),
        // whose grouping puts the same channel c·M+m in group c.
        var (kernelH, kernelW) = (weights[1], weights[2]);
        var permutation = depthwise ? new[] { 3, 0, 1, 2 } : [0, 3, 1, 2];
        var filterChannels = depthwise ? 1 : weights[3];
        if (input[3] % filterChannels != 0 || (depthwise && output[3] != weights[3]))
        {
            throw new ModelImportException($"input channels {input[3]} do not fit filter [{string.Join(",", weights)}]");
        }

        var w = ConstantAs(op.Inputs[1], permutation);
        var pads = Pads(op, input, output, kernelH, kernelW, strideH, strideW, dilationH, dilationW, same);
        var inputs = new List<string> { Nchw(op.Inputs[0]), w };
        if (Optional(op, 2) is { } bias)
        {
            inputs.Add(ConstantAs(bias, null));
        }

        var name = Emit("Conv", inputs, op.Outputs[0], fused,
            Attribute.Of("kernel_shape", [kernelH, kernelW]),
            Attribute.Of("strides", [strideH, strideW]),
            Attribute.Of("dilations", [dilationH, dilationW]),
            Attribute.Of("pads", pads),
            Attribute.Of("group", (long)(input[3] / filterChannels)));
        SetOutput(op, name, Layout.Nchw);
    }

    private void TransposeConv(TfliteOperator op, int input, int weights, int? bias, bool same, int strideW, int strideH, byte fused)
    {
        RequireRank(input, 4);
        RequireRank(weights, 4);
        var (inShape, w, outShape) = (Shape(input), Shape(weights), Shape(op.Outputs[0]));
        var (kernelH, kernelW) = (w[1], w[2]);

        // Transpose convolution scatters input pixel y to output rows y·s − pad_before + k; TFLite (and MediaPipe's copy of it)
        // takes pad_before = ⌊total/2⌋ where total = s·(in−1) + k − out for SAME and 0 for VALID. ONNX's pads mean the same crop.
        var (beforeH, afterH, extraH) = TransposePads(inShape[1], outShape[1], kernelH, strideH, same);
        var (beforeW, afterW, extraW) = TransposePads(inShape[2], outShape[2], kernelW, strideW, same);
        var inputs = new List<string> { Nchw(input), ConstantAs(weights, [3, 0, 1, 2]) };
        if (bias is { } b)
        {
            inputs.Add(ConstantAs(b, null));
        }

        var name = Emit("ConvTranspose", inputs, op.Outputs[0], fused,
            Attribute.Of("kernel_shape", [kernelH, kernelW]),
            Attribute.Of("strides", [strideH, strideW]),
            Attribute.Of("pads", [beforeH, beforeW, afterH, afterW]),
            Attribute.Of("output_padding", [extraH, extraW]));
        SetOutput(op, name, Layout.Nchw);
    }

    private static (long Before, long After, long Extra) TransposePads(int input, int output, int kernel, int stride, bool same)
    {
        var full = ((long)stride * (input - 1)) + kernel;
        var total = same ? full - output : 0;
        if (total < 0 || (!same && output < full))
        {
            throw new ModelImportException($"output size {output} does not follow from input {input}, kernel {kernel}, stride {stride}");
        }

        // VALID with a larger declared output leaves the extra rows to bias only, which ONNX expresses as output_padding.
        return (total / 2, total - (total / 2), same ? 0 : output - full);
    }

    /// <summary>Pool2DOptions: padding, stride_w, stride_h, filter_width, filter_height, activation.</summary>
    private void Pool(TfliteOperator op, string onnxOp)
    {
        var o = Options(op);
        var (strideW, strideH, filterW, filterH) = (o.Int(1, 1), o.Int(2, 1), o.Int(3, 1), o.Int(4, 1));
        var (input, output) = (Shape(op.Inputs[0]), Shape(op.Outputs[0]));
        RequireRank(op.Inputs[0], 4);
        var pads = Pads(op, input, output, filterH, filterW, strideH, strideW, 1, 1, o.Byte(0, BuiltinPaddingSame) == BuiltinPaddingSame);

        // TFLite's average pool divides by the number of real (unpadded) pixels: ONNX's count_include_pad = 0, its default.
        var name = Emit(onnxOp, [Nchw(op.Inputs[0])], op.Outputs[0], o.Byte(5, 0),
            Attribute.Of("kernel_shape", [filterH, filterW]),
            Attribute.Of("strides", [strideH, strideW]),
            Attribute.Of("pads", pads));
        SetOutput(op, name, Layout.Nchw);
    }

    /// <summary>
    /// Explicit [top, left, bottom, right] pads. TensorFlow's SAME puts the odd pixel of padding at the bottom/right
    /// (total = (out−1)·s + (k−1)·d + 1 − in, before = ⌊total/2⌋), which ONNX's symmetric attributes cannot say, so it is spelt out.
    /// </summary>
    private static long[] Pads(TfliteOperator op, int[] input, int[] output, int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW, bool same)
    {
        var (top, bottom) = SamePads(input[1], output[1], kernelH, strideH, dilationH, same);
        var (left, right) = SamePads(input[2], output[2], kernelW, strideW, dilationW, same);
        return same ? [top, left, bottom, right] : [0, 0, 0, 0];

        (long Before, long After) SamePads(int size, int outSize, int kernel, int stride, int dilation, bool isSame)
        {
            var effective = ((kernel - 1) * dilation) + 1;
            var expected = isSame ? (size + stride - 1) / stride : ((size - effective) / stride) + 1;
            if (expected != outSize || stride < 1)
            {
                throw new ModelImportException(
                    $"{op.OpName}: output size {outSize} does not follow from input {size}, kernel {kernel}, stride {stride}, dilation {dilation} ({(isSame ? "SAME" : "VALID")})");
            }

            var total = Math.Max(((long)(outSize - 1) * stride) + effective - size, 0);
            return (total / 2, total - (total / 2));
        }
    }

    /// <summary>ADD, SUB, MUL (options: activation) and PRELU: numpy broadcasting on the source layout, carried over to NCHW.</summary>
    private void Elementwise(TfliteOperator op, string onnxOp, byte fused)
    {
        var output = op.Outputs[0];
        if (Rank(output) == 4)
        {
            var inputs = op.Inputs.Select(i => IsConstant(i) ? BroadcastConstantNchw(i) : Nchw(i)).ToList();
            SetOutput(op, Emit(onnxOp, inputs, output, fused), Layout.Nchw);
        }
        else
        {
            var inputs = op.Inputs.Select(i => IsConstant(i) ? ConstantAs(i, null) : Source(i)).ToList();
            SetOutput(op, Emit(onnxOp, inputs, output, fused), Layout.Source);
        }
    }

    private void Unary(TfliteOperator op, string onnxOp)
    {
        var input = Activation(op.Inputs[0]);
        SetOutput(op, Emit(onnxOp, [input.Name], op.Outputs[0], fused: 0), input.Layout);
    }

    /// <summary>ResizeBilinearOptions: new_height, new_width (both unused; the size is an input), align_corners, half_pixel_centers.</summary>
    private void ResizeBilinear(TfliteOperator op)
    {
        var o = Options(op);
        var mode = (o.Bool(2), o.Bool(3)) switch
        {
            (true, _) => "align_corners",
            (false, true) => "half_pixel",
            _ => "asymmetric",
        };
        var output = Shape(op.Outputs[0]);
        RequireRank(op.Outputs[0], 4);
        var sizes = _onnx.AddInt64s($"{Describe(op.Outputs[0])}/sizes", [output[0], output[3], output[1], output[2]]);
        var name = Emit("Resize", [Nchw(op.Inputs[0]), string.Empty, string.Empty, sizes], op.Outputs[0], fused: 0,
            Attribute.Of("mode", "linear"),
            Attribute.Of("coordinate_transformation_mode", mode));
        SetOutput(op, name, Layout.Nchw);
    }

    /// <summary>PAD / PADV2: paddings is a constant int32 [rank, 2] of (before, after) per source axis; PADV2 adds the fill value.</summary>
    private void Pad(TfliteOperator op)
    {
        var rank = Rank(op.Inputs[0]);
        var paddings = Ints(op.Inputs[1]);
        if (paddings.Length != rank * 2)
        {
            throw new ModelImportException($"paddings hold {paddings.Length} values for a rank-{rank} input");
        }

        var order = rank == 4 ? WeightLayout.NhwcToNchw : Enumerable.Range(0, rank).ToArray();
        var pads = order.Select(a => (long)paddings[a * 2]).Concat(order.Select(a => (long)paddings[(a * 2) + 1])).ToArray();
        var inputs = new List<string> { rank == 4 ? Nchw(op.Inputs[0]) : Source(op.Inputs[0]), _onnx.AddInt64s($"{Describe(op.Outputs[0])}/pads", pads) };
        if (op.Code == TfliteBuiltin.PadV2 && Optional(op, 2) is { } fill)
        {
            inputs.Add(_onnx.AddFloats($"{Describe(op.Outputs[0])}/value", [], Floats(fill)));
        }

        SetOutput(op, Emit("Pad", inputs, op.Outputs[0], fused: 0, Attribute.Of("mode", "constant")), rank == 4 ? Layout.Nchw : Layout.Source);
    }

    /// <summary>ConcatenationOptions: axis, activation.</summary>
    private void Concatenation(TfliteOperator op)
    {
        var rank = Rank(op.Outputs[0]);
        var axis = Options(op).Int(0, 0);
        axis = axis < 0 ? axis + rank : axis;
        if (rank == 4)
        {
            var inputs = op.Inputs.Select(i => IsConstant(i) ? ConstantAs(i, WeightLayout.NhwcToNchw) : Nchw(i)).ToList();
            var nchwAxis = Array.IndexOf(WeightLayout.NhwcToNchw, axis);
            SetOutput(op, Emit("Concat", inputs, op.Outputs[0], Options(op).Byte(1, 0), Attribute.Of("axis", (long)nchwAxis)), Layout.Nchw);
        }
        else
        {
            var inputs = op.Inputs.Select(i => IsConstant(i) ? ConstantAs(i, null) : Source(i)).ToList();
            SetOutput(op, Emit("Concat", inputs, op.Outputs[0], Options(op).Byte(1, 0), Attribute.Of("axis", (long)axis)), Layout.Source);
        }
    }

    /// <summary>RESHAPE works on the source layout's element order, so a 4-D input goes back to NHWC first; the target is the output tensor's static shape.</summary>
    private void Reshape(TfliteOperator op)
    {
        var input = Rank(op.Inputs[0]) == 4 ? Nhwc(op.Inputs[0]) : Source(op.Inputs[0]);
        var shape = _onnx.AddInt64s($"{Describe(op.Outputs[0])}/shape", Shape(op.Outputs[0]).Select(d => (long)d).ToArray());
        SetOutput(op, Emit("Reshape", [input, shape], op.Outputs[0], fused: 0), Layout.Source);
    }

    /// <summary>MediaPipe stores weights as fp16 behind DEQUANTIZE; widening them at import time is exact and spares ONNX a Cast per weight.</summary>
    private void Dequantize(TfliteOperator op)
    {
        var input = _model.Tensors[op.Inputs[0]];
        if (input.Type != TfliteTensorType.Float16)
        {
            throw new ModelImportException($"only fp16 → fp32 is supported, the input is {input}");
        }

        if (input.IsConstant)
        {
            _folded[op.Outputs[0]] = input.Floats();
            return;
        }

        var value = Activation(op.Inputs[0]);
        SetOutput(op, Emit("Cast", [value.Name], op.Outputs[0], fused: 0, Attribute.Of("to", 1L)), value.Layout);
    }

    private string Emit(string onnxOp, IEnumerable<string> inputs, int output, byte fused, params Attribute[] attributes)
    {
        var target = Describe(output);
        if (fused == FusedActivation.None)
        {
            return _onnx.Node(onnxOp, inputs, target, attributes);
        }

        var linear = _onnx.Node(onnxOp, inputs, $"{target}/linear", attributes);
        return Activate(linear, fused, _onnx.UniqueName(target));
    }

    /// <summary>TFLite's ActivationFunctionType: NONE 0, RELU 1, RELU_N1_TO_1 2, RELU6 3, TANH 4.</summary>
    private string Activate(string input, byte fused, string output)
    {
        switch (fused)
        {
            case FusedActivation.Relu:
                _onnx.NodeWithOutputs("Relu", [input], [output]);
                break;
            case FusedActivation.ReluN1To1:
                _onnx.NodeWithOutputs("Clip", [input, ClipBound(-1), ClipBound(1)], [output]);
                break;
            case FusedActivation.Relu6:
                _onnx.NodeWithOutputs("Clip", [input, ClipBound(0), ClipBound(6)], [output]);
                break;
            case FusedActivation.Tanh:
                _onnx.NodeWithOutputs("Tanh", [input], [output]);
                break;
            default:
                throw new ModelImportException($"fused activation {fused} is not supported");
        }

        return output;
    }

    private string ClipBound(int value)
    {
        if (!_scalars.TryGetValue(value, out var name))
        {
            name = _onnx.AddFloats($"clip_{value}", [], [value]);
            _scalars[value] = name;
        }

        return name;
    }

    private void SetOutput(TfliteOperator op, string name, Layout layout) => _values[op.Outputs[0]] = new Value(name, layout);

    /// <summary>A 4-D tensor as NCHW: a produced activation (transposed once if it is NHWC) or a constant permuted at import time.</summary>
    private string Nchw(int tensor)
    {
        RequireRank(tensor, 4);
        if (IsConstant(tensor))
        {
            return ConstantAs(tensor, WeightLayout.NhwcToNchw);
        }

        var value = Activation(tensor);
        return value.Layout == Layout.Nchw ? value.Name : View(tensor, value.Name, Layout.Nchw, WeightLayout.NhwcToNchw, "nchw");
    }

    private string Nhwc(int tensor)
    {
        var value = Activation(tensor);
        return value.Layout == Layout.Source ? value.Name : View(tensor, value.Name, Layout.Source, WeightLayout.NchwToNhwc, "nhwc");
    }

    private string Source(int tensor)
    {
        var value = Activation(tensor);
        return value.Layout == Layout.Source ? value.Name : Nhwc(tensor);
    }

    private string View(int tensor, string from, Layout layout, int[] perm, string suffix)
    {
        if (!_views.TryGetValue((tensor, layout), out var name))
        {
            name = _onnx.Node("Transpose", [from], $"{Describe(tensor)}/{suffix}", Attribute.Of("perm", ToLongs(perm)));
            _views[(tensor, layout)] = name;
        }

        return name;
    }

    private Value Activation(int tensor) =>
        _values.TryGetValue(tensor, out var value)
            ? value
            : throw new ModelImportException($"tensor {Describe(tensor)} is used before any operator produces it");

    /// <summary>A constant as an initializer, its axes reordered by <paramref name="perm"/> (null: as stored). Cached per arrangement.</summary>
    private string ConstantAs(int tensor, int[]? perm)
    {
        var key = (tensor, perm is null ? "source" : string.Join(",", perm));
        if (_constants.TryGetValue(key, out var name))
        {
            return name;
        }

        var shape = Shape(tensor);
        var data = Floats(tensor);
        var dims = perm is null ? shape : WeightLayout.Permuted(shape, perm);
        name = _onnx.AddFloats(Describe(tensor), dims.Select(d => (long)d).ToArray(), perm is null ? data : WeightLayout.Permute(data, shape, perm));
        _constants[key] = name;
        return name;
    }

    /// <summary>A constant operand of a 4-D elementwise op: right-aligned to rank 4 (numpy broadcasting on NHWC), then permuted to NCHW.</summary>
    private string BroadcastConstantNchw(int tensor)
    {
        var key = (tensor, "broadcast-nchw");
        if (_constants.TryGetValue(key, out var name))
        {
            return name;
        }

        var shape = Shape(tensor);
        if (shape.Length > 4)
        {
            throw new ModelImportException($"constant {Describe(tensor)} has rank {shape.Length}");
        }

        var padded = Enumerable.Repeat(1, 4 - shape.Length).Concat(shape).ToArray();
        name = _onnx.AddFloats(Describe(tensor), WeightLayout.Permuted(padded, WeightLayout.NhwcToNchw).Select(d => (long)d).ToArray(),
            WeightLayout.Permute(Floats(tensor), padded, WeightLayout.NhwcToNchw));
        _constants[key] = name;
        return name;
    }

    private bool IsConstant(int tensor) => _folded.ContainsKey(tensor) || _model.Tensors[tensor].IsConstant;

    private float[] Floats(int tensor) =>
        _folded.TryGetValue(tensor, out var folded) ? folded
        : _model.Tensors[tensor].IsConstant ? _model.Tensors[tensor].Floats()
        : throw new ModelImportException($"{Describe(tensor)} must be a constant");

    private int[] Ints(int tensor) =>
        _model.Tensors[tensor].IsConstant ? _model.Tensors[tensor].Ints() : throw new ModelImportException($"{Describe(tensor)} must be a constant");

    private int[] Shape(int tensor) => [.. _model.Tensors[tensor].Shape];

    private int Rank(int tensor) => _model.Tensors[tensor].Shape.Count;

    private void RequireRank(int tensor, int rank)
    {
        if (Rank(tensor) != rank)
        {
            throw new ModelImportException($"{_model.Tensors[tensor]} must have rank {rank}");
        }
    }

    private static int? Optional(TfliteOperator op, int index) => index < op.Inputs.Count && op.Inputs[index] >= 0 ? op.Inputs[index] : null;

    /// <summary>An operator written without its options table has every option at the schema default.</summary>
    private static FlatTable Options(TfliteOperator op) => op.Options ?? default;

    private static int ReadInt(ArraySegment<byte> bytes, int offset) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset, 4));

    /// <summary>The tensor's TFLite name, used for the ONNX values derived from it (made unique by the writer).</summary>
    private string Describe(int tensor) => _model.Tensors[tensor].Name is { Length: > 0 } name ? name : $"tensor_{tensor}";

    private string Reserve(int tensor)
    {
        var source = _model.Tensors[tensor];
        var wanted = _options.Renames.FirstOrDefault(r => r.SourceName == source.Name && r.Shape.SequenceEqual(source.Shape))?.OnnxName ?? Describe(tensor);
        var name = _onnx.UniqueName(wanted);
        return name == wanted ? name : throw new ModelImportException($"Two graph inputs/outputs would both be called '{wanted}'.");
    }

    private static TensorDimension[] Dims(IReadOnlyList<int> shape) => shape.Select(d => TensorDimension.Fixed(d)).ToArray();

    private static long[] ToLongs(int[] values) => values.Select(v => (long)v).ToArray();

    private sealed record Value(string Name, Layout Layout);

    private static class FusedActivation
    {
        public const byte None = 0;
        public const byte Relu = 1;
        public const byte ReluN1To1 = 2;
        public const byte Relu6 = 3;
        public const byte Tanh = 4;
    }
}

namespace Headshots.Vision.Onnx.Importers;

/// <summary>One NCNN network turned into one ONNX graph, layer by layer in the .param order, reading the .bin as it goes.</summary>
internal sealed class NcnnGraphImport
{
    private const string Producer = "headshots-ncnn-import";

    // Convolution's pad value that asks for TensorFlow-style SAME padding (odd pixel at the end; -234 puts it at the start).
    private const int PadSameUpper = -233;
    private const int PadSameLower = -234;

    private readonly IReadOnlyList<NcnnLayer> _layers;
    private readonly NcnnWeightReader _weights;
    private readonly NcnnImportOptions _options;
    private readonly OnnxGraphWriter _onnx = new("ncnn");
    private readonly Dictionary<string, Blob> _blobs = new(StringComparer.Ordinal);

    public NcnnGraphImport(IReadOnlyList<NcnnLayer> layers, NcnnWeightReader weights, NcnnImportOptions options)
    {
        _layers = layers;
        _weights = weights;
        _options = options;
    }

    public byte[] Run()
    {
        var consumed = _layers.SelectMany(l => l.Bottoms).ToHashSet(StringComparer.Ordinal);
        var outputs = _layers.SelectMany(l => l.Tops).Where(t => !consumed.Contains(t)).Select(t => (Blob: t, Name: Reserve(t))).ToList();
        foreach (var layer in _layers)
        {
            try
            {
                Import(layer);
            }
            catch (ModelImportException e)
            {
                throw new ModelImportException($"{layer.Type} '{layer.Name}': {e.Message}", e);
            }
        }

        if (_weights.Remaining != 0)
        {
            throw new ModelImportException($"The .bin file has {_weights.Remaining} bytes no layer reads: the .param and .bin do not belong together.");
        }

        foreach (var (blob, name) in outputs)
        {
            var value = Get(blob);
            _onnx.NodeWithOutputs("Identity", [value.Name], [name]);
            _onnx.AddOutput(name, [TensorDimension.Fixed(1), Channels(value, blob), TensorDimension.Dynamic($"{name}_height"), TensorDimension.Dynamic($"{name}_width")]);
        }

        return _onnx.ToBytes(Producer, "Imported from NCNN by Headshots; NCHW with a batch axis of 1 and dynamic height and width.");
    }

    private void Import(NcnnLayer layer)
    {
        switch (layer.Type)
        {
            case "Input":
                Input(layer);
                break;
            case "Split":
                foreach (var top in layer.Tops)
                {
                    _blobs[top] = Get(layer.Bottoms[0]);
                }

                break;
            case "Convolution":
            case "ConvolutionDepthWise":
                Convolution(layer);
                break;
            case "PReLU":
                PRelu(layer);
                break;
            case "PixelShuffle":
                PixelShuffle(layer);
                break;
            case "Interp":
                Interp(layer);
                break;
            case "BinaryOp":
                BinaryOp(layer);
                break;
            case "Eltwise":
                Eltwise(layer);
                break;
            case "Concat":
                Concat(layer);
                break;
            default:
                throw new ModelImportException("this layer type is not supported by the NCNN importer");
        }
    }

    /// <summary>Input: 0=w, 1=h, 2=c (0 or absent: not fixed). Without a channel count it is taken from the first convolution fed by the blob.</summary>
    private void Input(NcnnLayer layer)
    {
        var top = layer.Tops[0];
        var p = layer.Params;
        var channels = p.Int(2, 0) > 0 ? p.Int(2, 0) : ChannelsFedToConvolution(top)
            ?? throw new ModelImportException("the input declares no channel count and no convolution reads it");
        var name = Reserve(top);
        _onnx.AddInput(name,
        [
            TensorDimension.Fixed(1),
            TensorDimension.Fixed(channels),
            p.Int(1, 0) > 0 ? TensorDimension.Fixed(p.Int(1, 0)) : TensorDimension.Dynamic("height"),
            p.Int(0, 0) > 0 ? TensorDimension.Fixed(p.Int(0, 0)) : TensorDimension.Dynamic("width"),
        ]);
        _blobs[top] = new Blob(name, channels);
    }

    private int? ChannelsFedToConvolution(string blob)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal) { blob };
        foreach (var layer in _layers)
        {
            if (layer.Type == "Split" && aliases.Contains(layer.Bottoms[0]))
            {
                aliases.UnionWith(layer.Tops);
            }
            else if (layer.Type is "Convolution" or "ConvolutionDepthWise" && aliases.Contains(layer.Bottoms[0]))
            {
                return ConvolutionShape(layer).InputChannels;
            }
        }

        return null;
    }

    private static (int Outputs, int InputChannels, int KernelW, int KernelH, int Group, int WeightCount) ConvolutionShape(NcnnLayer layer)
    {
        var p = layer.Params;
        var (outputs, kernelW, weightCount) = (p.Int(0, 0), p.Int(1, 0), p.Int(6, 0));
        var kernelH = p.Int(11, kernelW);
        var group = layer.Type == "ConvolutionDepthWise" ? p.Int(7, 1) : 1;
        var perGroup = (long)outputs * kernelW * kernelH;
        if (outputs <= 0 || kernelW <= 0 || kernelH <= 0 || group <= 0 || perGroup == 0 || weightCount * (long)group % perGroup != 0)
        {
            throw new ModelImportException($"{layer.Name}: weight_data_size {weightCount} does not fit {outputs} outputs of {kernelW}x{kernelH} in {group} groups");
        }

        return (outputs, (int)(weightCount * (long)group / perGroup), kernelW, kernelH, group, weightCount);
    }

    /// <summary>
    /// Convolution: 0 num_output, 1/11 kernel w/h, 2/12 dilation, 3/13 stride, 4/15/14/16 pad left/right/top/bottom,
    /// 5 bias_term, 6 weight_data_size, 7 group (depthwise), 8 int8_scale_term, 9 activation_type, 10 activation_params,
    /// 18 pad_value. Weights are [out][in/group][kh][kw], already ONNX's OIHW.
    /// </summary>
    private void Convolution(NcnnLayer layer)
    {
        var p = layer.Params;
        var (outputs, inputChannels, kernelW, kernelH, group, weightCount) = ConvolutionShape(layer);
        if (p.Int(8, 0) != 0 || p.Float(18, 0) != 0 || p.Int(19, 0) != 0)
        {
            throw new ModelImportException("int8, non-zero pad values and dynamic weights are not supported");
        }

        var input = Get(layer.Bottoms[0]);
        if (input.Channels is { } known && known != inputChannels)
        {
            throw new ModelImportException($"the weights expect {inputChannels} input channels, the blob has {known}");
        }

        var dilationW = p.Int(2, 1);
        var strideW = p.Int(3, 1);
        var padLeft = p.Int(4, 0);
        var padTop = p.Int(14, padLeft);
        var attributes = new List<Attribute>
        {
            Attribute.Of("kernel_shape", [kernelH, kernelW]),
            Attribute.Of("strides", [p.Int(13, strideW), strideW]),
            Attribute.Of("dilations", [p.Int(12, dilationW), dilationW]),
            Attribute.Of("group", (long)group),
        };
        attributes.Add(padLeft switch
        {
            PadSameUpper => Attribute.Of("auto_pad", "SAME_UPPER"),
            PadSameLower => Attribute.Of("auto_pad", "SAME_LOWER"),
            _ => Attribute.Of("pads", [padTop, padLeft, p.Int(16, padTop), p.Int(15, padLeft)]),
        });

        var inputs = new List<string>
        {
            input.Name,
            _onnx.AddFloats($"{layer.Name}/weight", [outputs, inputChannels / group, kernelH, kernelW], _weights.Tagged(weightCount)),
        };
        if (p.Int(5, 0) != 0)
        {
            inputs.Add(_onnx.AddFloats($"{layer.Name}/bias", [outputs], _weights.Raw(outputs)));
        }

        var activation = p.Int(9, 0);
        var convolved = _onnx.Node("Conv", inputs, activation == 0 ? layer.Tops[0] : $"{layer.Tops[0]}/linear", [.. attributes]);
        Set(layer, Activate(convolved, activation, p.Floats(10), layer.Tops[0]), outputs);
    }

    /// <summary>activation_type: 0 none, 1 ReLU, 2 leaky ReLU (slope), 3 clip (min, max), 4 sigmoid.</summary>
    private string Activate(string input, int type, float[] parameters, string output)
    {
        float Parameter(int i) => i < parameters.Length ? parameters[i] : throw new ModelImportException($"activation {type} needs {i + 1} parameters");

        return type switch
        {
            0 => input,
            1 => _onnx.Node("Relu", [input], output),
            2 => _onnx.Node("LeakyRelu", [input], output, Attribute.Of("alpha", Parameter(0))),
            3 => _onnx.Node("Clip", [input, Scalar($"{output}/min", Parameter(0)), Scalar($"{output}/max", Parameter(1))], output),
            4 => _onnx.Node("Sigmoid", [input], output),
            _ => throw new ModelImportException($"fused activation type {type} is not supported"),
        };
    }

    /// <summary>PReLU: 0 num_slope; slopes are raw fp32, one per channel (or one for all).</summary>
    private void PRelu(NcnnLayer layer)
    {
        var count = layer.Params.Int(0, 0);
        var input = Get(layer.Bottoms[0]);
        if (count <= 0 || (count > 1 && input.Channels is { } channels && channels != count))
        {
            throw new ModelImportException($"{count} slopes for {input.Channels} channels");
        }

        var slope = _onnx.AddFloats($"{layer.Name}/slope", count == 1 ? [1] : [count, 1, 1], _weights.Raw(count));
        Set(layer, _onnx.Node("PRelu", [input.Name, slope], layer.Tops[0]), input.Channels);
    }

    /// <summary>PixelShuffle: 0 upscale_factor, 1 mode (0 = PyTorch's order, ONNX DepthToSpace CRD; 1 = TensorFlow's, DCR).</summary>
    private void PixelShuffle(NcnnLayer layer)
    {
        var factor = layer.Params.Int(0, 1);
        var input = Get(layer.Bottoms[0]);
        var mode = layer.Params.Int(1, 0) switch
        {
            0 => "CRD",
            1 => "DCR",
            var other => throw new ModelImportException($"mode {other} is not supported"),
        };
        if (input.Channels is { } c && c % (factor * factor) != 0)
        {
            throw new ModelImportException($"{c} channels cannot be shuffled by {factor}");
        }

        Set(layer, _onnx.Node("DepthToSpace", [input.Name], layer.Tops[0], Attribute.Of("blocksize", (long)factor), Attribute.Of("mode", mode)),
            input.Channels / (factor * factor));
    }

    /// <summary>
    /// Interp: 0 resize_type (1 nearest, 2 bilinear), 1/2 height/width scale, 3/4 fixed output size, 5 dynamic size, 6 align_corner.
    /// NCNN's nearest takes source pixel ⌊y/scale⌋ (ONNX asymmetric + floor); its bilinear samples at (y+½)/scale−½ (half_pixel).
    /// </summary>
    private void Interp(NcnnLayer layer)
    {
        var p = layer.Params;
        if (p.Int(3, 0) != 0 || p.Int(4, 0) != 0 || p.Int(5, 0) != 0 || layer.Bottoms.Count != 1)
        {
            throw new ModelImportException("only resizing by fixed scales is supported");
        }

        var input = Get(layer.Bottoms[0]);
        var scales = _onnx.AddFloats($"{layer.Name}/scales", [4], [1, 1, p.Float(1, 1), p.Float(2, 1)]);
        var attributes = p.Int(0, 0) switch
        {
            1 => new[] { Attribute.Of("mode", "nearest"), Attribute.Of("coordinate_transformation_mode", "asymmetric"), Attribute.Of("nearest_mode", "floor") },
            2 => [Attribute.Of("mode", "linear"), Attribute.Of("coordinate_transformation_mode", p.Int(6, 0) != 0 ? "align_corners" : "half_pixel")],
            var other => throw new ModelImportException($"resize_type {other} is not supported"),
        };
        Set(layer, _onnx.Node("Resize", [input.Name, string.Empty, scales], layer.Tops[0], attributes), input.Channels);
    }

    /// <summary>BinaryOp: 0 op_type (add, sub, mul, div, max, min, pow, rsub, rdiv), 1 with_scalar, 2 the scalar.</summary>
    private void BinaryOp(NcnnLayer layer)
    {
        var p = layer.Params;
        var a = Get(layer.Bottoms[0]);
        var b = p.Int(1, 0) != 0 ? Scalar($"{layer.Name}/b", p.Float(2, 0)) : Get(layer.Bottoms[1]).Name;
        var (op, reversed) = p.Int(0, 0) switch
        {
            0 => ("Add", false),
            1 => ("Sub", false),
            2 => ("Mul", false),
            3 => ("Div", false),
            4 => ("Max", false),
            5 => ("Min", false),
            6 => ("Pow", false),
            7 => ("Sub", true),
            8 => ("Div", true),
            var other => throw new ModelImportException($"op_type {other} is not supported"),
        };
        Set(layer, _onnx.Node(op, reversed ? [b, a.Name] : [a.Name, b], layer.Tops[0]), a.Channels);
    }

    /// <summary>Eltwise: 0 op_type (0 product, 1 sum, 2 max), 1 coefficients for the sum.</summary>
    private void Eltwise(NcnnLayer layer)
    {
        var inputs = layer.Bottoms.Select(Get).ToList();
        var coefficients = layer.Params.Floats(1);
        var names = inputs.Select((input, i) => i < coefficients.Length && coefficients[i] != 1f
            ? _onnx.Node("Mul", [input.Name, Scalar($"{layer.Name}/coeff{i}", coefficients[i])], $"{layer.Name}/scaled{i}")
            : input.Name).ToList();
        var result = layer.Params.Int(0, 1) switch
        {
            0 => names.Skip(1).Aggregate(names[0], (product, next) => _onnx.Node("Mul", [product, next], layer.Tops[0])),
            1 => _onnx.Node("Sum", names, layer.Tops[0]),
            2 => _onnx.Node("Max", names, layer.Tops[0]),
            var other => throw new ModelImportException($"op_type {other} is not supported"),
        };
        Set(layer, result, inputs[0].Channels);
    }

    /// <summary>Concat: 0 axis, counted without the batch axis (0 = channels).</summary>
    private void Concat(NcnnLayer layer)
    {
        var axis = layer.Params.Int(0, 0);
        var inputs = layer.Bottoms.Select(Get).ToList();
        int? channels = axis == 0 && inputs.All(i => i.Channels is not null) ? inputs.Sum(i => i.Channels!.Value) : inputs[0].Channels;
        Set(layer, _onnx.Node("Concat", inputs.Select(i => i.Name), layer.Tops[0], Attribute.Of("axis", (long)(axis < 0 ? axis : axis + 1))), channels);
    }

    private string Scalar(string name, float value) => _onnx.AddFloats(name, [], [value]);

    private void Set(NcnnLayer layer, string name, int? channels) => _blobs[layer.Tops[0]] = new Blob(name, channels);

    private Blob Get(string blob) =>
        _blobs.TryGetValue(blob, out var value) ? value : throw new ModelImportException($"blob '{blob}' is used before any layer produces it");

    private static TensorDimension Channels(Blob value, string blob) =>
        value.Channels is { } c ? TensorDimension.Fixed(c) : throw new ModelImportException($"The channel count of output '{blob}' is unknown.");

    private string Reserve(string blob)
    {
        var wanted = _options.Renames.FirstOrDefault(r => r.SourceName == blob)?.OnnxName ?? blob;
        var name = _onnx.UniqueName(wanted);
        return name == wanted ? name : throw new ModelImportException($"Two graph inputs/outputs would both be called '{wanted}'.");
    }

    private sealed record Blob(string Name, int? Channels);
}

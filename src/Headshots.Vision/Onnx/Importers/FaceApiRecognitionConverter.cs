using System.Buffers.Binary;
using System.Text.Json;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>
/// face-api.js's face-recognition network → ONNX (the <c>face-api-recognition</c> converter of the manifest). The package ships
/// dlib's ResNet face descriptor as TensorFlow.js weights only — a weights manifest (JSON) and one <c>.bin</c>, in that order —
/// and its architecture lives in the package's TypeScript (<c>src/faceRecognitionNet</c>), so this importer writes that
/// architecture: a 7×7/2 convolution and 3×3/2 max pool, residual blocks of 32, 64, 128 and 256 channels (the first of each
/// width, and a last one, stride 2 with an average-pooled, zero-padded shortcut), a global mean and a 256→128 matrix.
/// Every convolution is followed by a per-channel scale and bias, which are folded into its weights here.
/// Input <c>image</c> [1,3,150,150] RGB as (x − channel mean) / 255 (means 122.782, 117.001, 104.298); output
/// <c>descriptor</c> [1,128].
/// </summary>
public sealed class FaceApiRecognitionConverter : IModelConverter
{
    public const string ConverterName = "face-api-recognition";

    public const int InputSize = 150;

    public const int DescriptorLength = 128;

    private const string Producer = "headshots-face-api-import";

    public string Name => ConverterName;

    public byte[] Convert(IReadOnlyList<byte[]> sourceFiles)
    {
        ArgumentNullException.ThrowIfNull(sourceFiles);
        if (sourceFiles.Count != 2)
        {
            throw new ModelImportException($"The face-api importer takes the weights manifest (.json) and the weights (.bin), in that order; it was given {sourceFiles.Count} files.");
        }

        var weights = TfjsWeights.Read(sourceFiles[0], sourceFiles[1]);
        var graph = new Graph(weights);
        var bytes = graph.Build();
        if (weights.Unused().FirstOrDefault() is { } unused)
        {
            throw new ModelImportException($"Weight '{unused}' is not used by the network: these are not face-api's face-recognition weights.");
        }

        return bytes;
    }

    private sealed class Graph(TfjsWeights weights)
    {
        private readonly OnnxGraphWriter _onnx = new("face_api_recognition");

        public byte[] Build()
        {
            const string input = "image";
            _onnx.UniqueName(input);
            _onnx.AddInput(input, [TensorDimension.Fixed(1), TensorDimension.Fixed(3), TensorDimension.Fixed(InputSize), TensorDimension.Fixed(InputSize)]);

            var x = Conv(input, "conv32_down", stride: 2, relu: true);
            x = _onnx.Node("MaxPool", [x], "pool", Attribute.Of("kernel_shape", [3L, 3]), Attribute.Of("strides", [2L, 2]));

            // 150 → 72 after the 7×7/2 'valid' convolution → 35 after the 3×3/2 pool.
            (int Channels, int Size) shape = (weights.Shape("conv32_down/conv/filters")[3], ValidSize(ValidSize(InputSize, 7), 3));
            foreach (var block in new[] { "conv32_1", "conv32_2", "conv32_3" })
            {
                x = Residual(x, block);
            }

            foreach (var (down, blocks) in new[]
                     {
                         ("conv64_down", new[] { "conv64_1", "conv64_2", "conv64_3" }),
                         ("conv128_down", new[] { "conv128_1", "conv128_2" }),
                         ("conv256_down", new[] { "conv256_1", "conv256_2" }),
                         ("conv256_down_out", Array.Empty<string>()),
                     })
            {
                (x, shape) = ResidualDown(x, down, shape);
                foreach (var block in blocks)
                {
                    x = Residual(x, block);
                }
            }

            x = _onnx.Node("ReduceMean", [x], "global_mean", Attribute.Of("axes", [2L, 3]), Attribute.Of("keepdims", 0L));
            var (fcShape, fc) = weights.Take("fc");
            if (fcShape is not [256, DescriptorLength])
            {
                throw new ModelImportException($"Weight 'fc' has shape [{string.Join(",", fcShape)}], expected [256,{DescriptorLength}].");
            }

            const string output = "descriptor";
            _onnx.UniqueName(output);
            _onnx.NodeWithOutputs("MatMul", [x, _onnx.AddFloats("fc", [256, DescriptorLength], fc)], [output]);
            _onnx.AddOutput(output, [TensorDimension.Fixed(1), TensorDimension.Fixed(DescriptorLength)]);
            return _onnx.ToBytes(Producer, "dlib's ResNet face descriptor from face-api.js's TensorFlow.js weights, imported by Headshots.");
        }

        private string Residual(string x, string block)
        {
            var y = Conv(x, block + "/conv1", stride: 1, relu: true);
            y = Conv(y, block + "/conv2", stride: 1, relu: false);
            return _onnx.Node("Relu", [_onnx.Node("Add", [y, x], block + "_sum")], block);
        }

        /// <summary>
        /// Stride-2 block. The shortcut is a 2×2 average pool with its new channels zero; where the pooled map is one pixel
        /// larger than the strided convolution's (odd sizes: 8 → 3 vs 4), the convolution's output gets a zero row and column at
        /// the end, as face-api does.
        /// </summary>
        private (string Output, (int Channels, int Size) Shape) ResidualDown(string x, string block, (int Channels, int Size) shape)
        {
            var y = Conv(x, block + "/conv1", stride: 2, relu: true);
            var channels = weights.Shape(block + "/conv2/conv/filters")[3];
            y = Conv(y, block + "/conv2", stride: 1, relu: false);
            var convSize = ValidSize(shape.Size, 3);
            var pooledSize = shape.Size / 2;
            if (pooledSize != convSize)
            {
                y = PadEnd(y, block + "_pad_hw", channels: 0, spatial: pooledSize - convSize);
            }

            var shortcut = _onnx.Node("AveragePool", [x], block + "_shortcut", Attribute.Of("kernel_shape", [2L, 2]), Attribute.Of("strides", [2L, 2]));
            if (channels != shape.Channels)
            {
                shortcut = PadEnd(shortcut, block + "_pad_c", channels: channels - shape.Channels, spatial: 0);
            }

            var output = _onnx.Node("Relu", [_onnx.Node("Add", [y, shortcut], block + "_sum")], block);
            return (output, (channels, pooledSize));
        }

        /// <summary>Output size of a stride-2 'valid' window of <paramref name="kernel"/> pixels.</summary>
        private static int ValidSize(int size, int kernel) => ((size - kernel) / 2) + 1;

        private string PadEnd(string x, string name, int channels, int spatial)
        {
            var pads = _onnx.AddInt64s(name + "_pads", [0, 0, 0, 0, 0, channels, spatial, spatial]);
            return _onnx.Node("Pad", [x, pads], name);
        }

        /// <summary>TF convolution (filters [kh,kw,in,out], 'valid' when strided, 'same' otherwise) + bias, then scale·x + shift folded in.</summary>
        private string Conv(string x, string prefix, int stride, bool relu)
        {
            var (shape, filters) = weights.Take(prefix + "/conv/filters");
            var (_, bias) = weights.Take(prefix + "/conv/bias", shape[3]);
            var (_, scale) = weights.Take(prefix + "/scale/weights", shape[3]);
            var (_, shift) = weights.Take(prefix + "/scale/biases", shape[3]);
            if (shape.Length != 4 || shape[0] != shape[1])
            {
                throw new ModelImportException($"Weight '{prefix}/conv/filters' has shape [{string.Join(",", shape)}], expected square [k,k,in,out].");
            }

            var kernel = shape[0];
            var outChannels = shape[3];
            var onnxFilters = WeightLayout.Permute(filters, shape, [3, 2, 0, 1]);
            var perOutput = onnxFilters.Length / outChannels;
            var foldedBias = new float[outChannels];
            for (var o = 0; o < outChannels; o++)
            {
                for (var i = o * perOutput; i < (o + 1) * perOutput; i++)
                {
                    onnxFilters[i] *= scale[o];
                }

                foldedBias[o] = (bias[o] * scale[o]) + shift[o];
            }

            long pad = stride == 1 ? kernel / 2 : 0;
            var name = prefix.Replace('/', '_');
            var y = _onnx.Node(
                "Conv",
                [x, _onnx.AddFloats(name + "_w", [outChannels, shape[2], kernel, kernel], onnxFilters), _onnx.AddFloats(name + "_b", [outChannels], foldedBias)],
                name,
                Attribute.Of("kernel_shape", [(long)kernel, kernel]),
                Attribute.Of("strides", [(long)stride, stride]),
                Attribute.Of("pads", [pad, pad, pad, pad]));
            return relu ? _onnx.Node("Relu", [y], name + "_relu") : y;
        }
    }
}

/// <summary>
/// A TensorFlow.js weights manifest and its binary: weights in manifest order, each float32 little-endian or quantised
/// (uint8/uint16 with <c>min</c> and <c>scale</c>: value = min + scale · q).
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, (int[] Shape, float[] Values)> _weights;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly List<string> _order;

    private TfjsWeights(Dictionary<string, (int[] Shape, float[] Values)> weights, List<string> order)
    {
        _weights = weights;
        _order = order;
    }

    public static TfjsWeights Read(byte[] manifestJson, byte[] data)
    {
        var weights = new Dictionary<string, (int[] Shape, float[] Values)>(StringComparer.Ordinal);
        var order = new List<string>();
        var offset = 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifestJson);
        }
        catch (JsonException e)
        {
            throw new ModelImportException($"The weights manifest is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ModelImportException("The weights manifest is not a TensorFlow.js weights manifest (a JSON array of weight groups).");
            }

            foreach (var weight in document.RootElement.EnumerateArray().SelectMany(g => g.GetProperty("weights").EnumerateArray()))
            {
                var name = weight.GetProperty("name").GetString() ?? throw new ModelImportException("A weight has no name.");
                var shape = weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var count = shape.Aggregate(1, (a, d) => a * d);
                var values = new float[count];
                if (weight.TryGetProperty("quantization", out var q))
                {
                    var min = q.GetProperty("min").GetSingle();
                    var scale = q.GetProperty("scale").GetSingle();
                    var width = q.GetProperty("dtype").GetString() switch
                    {
                        "uint8" => 1,
                        "uint16" => 2,
                        var other => throw new ModelImportException($"Weight '{name}' is quantised as '{other}'; only uint8 and uint16 are read."),
                    };
                    Need(data, offset, count * width, name);
                    for (var i = 0; i < count; i++)
                    {
                        var raw = width == 1 ? data[offset + i] : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + (2 * i)));
                        values[i] = min + (scale * raw);
                    }

                    offset += count * width;
                }
                else
                {
                    if (weight.GetProperty("dtype").GetString() != "float32")
                    {
                        throw new ModelImportException($"Weight '{name}' is {weight.GetProperty("dtype").GetString()}; only float32 is read.");
                    }

                    Need(data, offset, count * 4, name);
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset + (4 * i)));
                    }

                    offset += count * 4;
                }

                if (!weights.TryAdd(name, (shape, values)))
                {
                    throw new ModelImportException($"Weight '{name}' appears twice in the weights manifest.");
                }

                order.Add(name);
            }
        }

        if (offset != data.Length)
        {
            throw new ModelImportException($"The weights file has {data.Length - offset} bytes the manifest does not describe: the two files do not belong together.");
        }

        return new TfjsWeights(weights, order);
    }

    public int[] Shape(string name) => Find(name).Shape;

    public (int[] Shape, float[] Values) Take(string name, int? length = null)
    {
        var weight = Find(name);
        if (length is { } n && weight.Values.Length != n)
        {
            throw new ModelImportException($"Weight '{name}' has {weight.Values.Length} values, expected {n}.");
        }

        _taken.Add(name);
        return weight;
    }

    public IEnumerable<string> Unused() => _order.Where(n => !_taken.Contains(n));

    private (int[] Shape, float[] Values) Find(string name) =>
        _weights.TryGetValue(name, out var weight) ? weight : throw new ModelImportException($"The weights manifest has no weight '{name}'.");

    private static void Need(byte[] data, int offset, int bytes, string name)
    {
        if (offset + bytes > data.Length)
        {
            throw new ModelImportException($"The weights file ends before weight '{name}' (needs {bytes} bytes at offset {offset}, file has {data.Length}).");
        }
    }
}

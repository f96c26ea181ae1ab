namespace Headshots.Vision.Onnx.Importers;

/// <summary>Gives a source model's graph input or output a meaningful ONNX name: the tensor called <paramref name="SourceName"/> with exactly <paramref name="Shape"/>.</summary>
public sealed record TensorRename(string SourceName, IReadOnlyList<int> Shape, string OnnxName);

public sealed record TfliteImportOptions
{
    /// <summary>Graph inputs/outputs not listed keep their TFLite tensor names.</summary>
    public IReadOnlyList<TensorRename> Renames { get; init; } = [];

    /// <summary>
    /// The MediaPipe models in the manifest. Matching on name and shape together keeps a rename from firing on an unrelated
    /// model that happens to reuse Keras's generic layer names.
    /// </summary>
    public static TfliteImportOptions MediaPipe { get; } = new()
    {
        Renames =
        [
            new("input_1", [1, 256, 256, 3], "image"),
            new("activation_10", [1, 256, 256, 1], "segmentation"),
            new("input_1", [1, 192, 192, 3], "image"),
            new("conv2d_21", [1, 1, 1, 1404], "landmarks"),
            new("conv2d_31", [1, 1, 1, 1], "face_flag"),
        ],
    };
}

/// <summary>
/// TFLite → ONNX (the <c>tflite</c> converter of the manifest). Keeps the model's NHWC contract at its inputs and outputs and
/// runs NCHW inside: one Transpose after each input and before each 4-D output, and weights permuted once at import time.
/// Supported: CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV and MediaPipe's Convolution2DTransposeBias, AVERAGE_POOL_2D,
/// MAX_POOL_2D, ADD, SUB, MUL, PRELU, RELU, RELU6, LOGISTIC, TANH, HARD_SWISH, RESIZE_BILINEAR, PAD, PADV2, CONCATENATION,
/// RESHAPE, DEQUANTIZE (fp16 constants are folded). Anything else is refused by name.
/// </summary>
public sealed class TfliteConverter : IModelConverter
{
    public const string ConverterName = "tflite";

    private readonly TfliteImportOptions _options;

    public TfliteConverter(TfliteImportOptions? options = null) => _options = options ?? new TfliteImportOptions();

    public string Name => ConverterName;

    public byte[] Convert(IReadOnlyList<byte[]> sourceFiles)
    {
        ArgumentNullException.ThrowIfNull(sourceFiles);
        if (sourceFiles.Count != 1)
        {
            throw new ModelImportException($"The TFLite importer takes one .tflite file; it was given {sourceFiles.Count}.");
        }

        return new TfliteGraphImport(TfliteModel.Read(sourceFiles[0]), _options).Run();
    }
}

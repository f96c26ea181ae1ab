namespace Headshots.Vision.Onnx.Importers;

public sealed record NcnnImportOptions
{
    /// <summary>Graph inputs/outputs (NCNN blob names) not listed keep their blob names. <see cref="TensorRename.Shape"/> is not used for NCNN blobs, whose sizes are dynamic.</summary>
    public IReadOnlyList<TensorRename> Renames { get; init; } = [];

    /// <summary>Real-ESRGAN as NCNN ships it: blob <c>data</c> in, blob <c>output</c> out.</summary>
    public static NcnnImportOptions RealEsrgan { get; } = new()
    {
        Renames = [new("data", [], "image"), new("output", [], "upscaled")],
    };
}

/// <summary>
/// NCNN (<c>.param</c> + <c>.bin</c>, in that order) → ONNX, the <c>ncnn</c> converter of the manifest. NCNN is NCHW without
/// the batch axis, so the ONNX graph is [1,C,H,W] with dynamic height and width. Supported layers: Input, Split,
/// Convolution and ConvolutionDepthWise (fused none/ReLU/leaky ReLU/clip/sigmoid), PReLU, PixelShuffle, Interp (nearest or
/// bilinear, by scale), BinaryOp, Eltwise, Concat. Anything else is refused by name.
/// </summary>
public sealed class NcnnConverter : IModelConverter
{
    public const string ConverterName = "ncnn";

    private readonly NcnnImportOptions _options;

    public NcnnConverter(NcnnImportOptions? options = null) => _options = options ?? new NcnnImportOptions();

    public string Name => ConverterName;

    public byte[] Convert(IReadOnlyList<byte[]> sourceFiles)
    {
        ArgumentNullException.ThrowIfNull(sourceFiles);
        if (sourceFiles.Count != 2)
        {
            throw new ModelImportException($"The NCNN importer takes the .param and the .bin file, in that order; it was given {sourceFiles.Count} files.");
        }

        return new NcnnGraphImport(NcnnParamReader.Read(sourceFiles[0]), new NcnnWeightReader(sourceFiles[1]), _options).Run();
    }
}

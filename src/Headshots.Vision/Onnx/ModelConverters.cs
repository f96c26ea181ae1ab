using Headshots.Vision.Onnx.Importers;

namespace Headshots.Vision.Onnx;

/// <summary>Turns a model's source files (in manifest order) into ONNX bytes. Must be deterministic: its output is pinned by sha256.</summary>
public interface IModelConverter
{
    /// <summary>The manifest's <c>converter</c> value this importer handles, e.g. <c>tflite</c>.</summary>
    string Name { get; }

    byte[] Convert(IReadOnlyList<byte[]> sourceFiles);
}

public static class ModelConverters
{
    public const string None = "none";

    /// <summary>Converter names the manifest may use; fetching a model whose importer is not registered with the fetcher fails with a clear message.</summary>
    public static IReadOnlySet<string> KnownNames { get; } = new HashSet<string>(StringComparer.Ordinal) { None, TfliteConverter.ConverterName, NcnnConverter.ConverterName, FaceApiRecognitionConverter.ConverterName };

    /// <summary>
    /// The importers this build ships, set up to give the manifest's models the input/output names the manifest lists
    /// (<c>image</c>, <c>segmentation</c>, <c>landmarks</c>, <c>face_flag</c>, <c>upscaled</c>, <c>descriptor</c>). <c>headshots models fetch</c> uses them.
    /// </summary>
    public static IReadOnlyList<IModelConverter> Default { get; } =
        [new TfliteConverter(TfliteImportOptions.MediaPipe), new NcnnConverter(NcnnImportOptions.RealEsrgan), new FaceApiRecognitionConverter()];
}

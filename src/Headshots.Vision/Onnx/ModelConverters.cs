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

    /// <summary>
    /// Converter names the manifest may use. The TFLite and NCNN importers arrive with the enhancement work; until an
    /// <see cref="IModelConverter"/> for a name is registered with the fetcher, fetching such a model fails with a clear message.
    /// </summary>
    public static IReadOnlySet<string> KnownNames { get; } = new HashSet<string>(StringComparer.Ordinal) { None, "tflite", "ncnn" };
}

using System.Buffers.Binary;
using System.Text;
using Headshots.Vision.Onnx.Importers;

namespace Headshots.Vision.Tests.Onnx.Importers;

/// <summary>
/// The face-api importer's reading of TensorFlow.js weights and its refusals. That the imported network is dlib's descriptor
/// is shown on real faces (<c>EmbeddingTests</c>) and by its pinned sha256 (<c>headshots models fetch</c>).
/// </summary>
public sealed class FaceApiRecognitionConverterTests
{
    private const string TwoWeights = """
        [{"paths": ["w.bin"], "weights": [
          {"name": "a", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5}},
          {"name": "b", "shape": [2], "dtype": "float32"}
        ]}]
        """;

    [Fact]
    public void Weights_are_read_in_manifest_order_uint8_dequantised_and_float32_as_stored()
    {
        var weights = TfjsWeights.Read(Encoding.UTF8.GetBytes(TwoWeights), Bin([0, 2, 4], [1.5f, -2f]));

        Assert.Equal([-1f, 0f, 1f], weights.Take("a", 3).Values);
        Assert.Equal([3], weights.Shape("a"));
        Assert.Equal([1.5f, -2f], weights.Take("b").Values);
        Assert.Empty(weights.Unused());
    }

    [Fact]
    public void Weight_files_that_do_not_belong_to_the_manifest_are_refused_with_the_reason()
    {
        var manifest = Encoding.UTF8.GetBytes(TwoWeights);

        var shortFile = Assert.Throws<ModelImportException>(() => TfjsWeights.Read(manifest, Bin([0, 2, 4], [1.5f])));
        Assert.Contains("ends before weight 'b'", shortFile.Message, StringComparison.Ordinal);

        var longFile = Assert.Throws<ModelImportException>(() => TfjsWeights.Read(manifest, [.. Bin([0, 2, 4], [1.5f, -2f]), 7]));
        Assert.Contains("1 bytes the manifest does not describe", longFile.Message, StringComparison.Ordinal);

        var notJson = Assert.Throws<ModelImportException>(() => TfjsWeights.Read("<html>"u8.ToArray(), []));
        Assert.Contains("not JSON", notJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_of_another_network_are_refused_by_the_first_missing_name()
    {
        var converter = new FaceApiRecognitionConverter();

        var other = Assert.Throws<ModelImportException>(() => converter.Convert([Encoding.UTF8.GetBytes(TwoWeights), Bin([0, 2, 4], [1.5f, -2f])]));
        Assert.Contains("no weight 'conv32_down/conv/filters'", other.Message, StringComparison.Ordinal);

        var oneFile = Assert.Throws<ModelImportException>(() => converter.Convert([Encoding.UTF8.GetBytes(TwoWeights)]));
        Assert.Contains("given 1 files", oneFile.Message, StringComparison.Ordinal);
    }

    private static byte[] Bin(byte[] quantised, float[] floats)
    {
        var bytes = new byte[quantised.Length + (4 * floats.Length)];
        quantised.CopyTo(bytes, 0);
        for (var i = 0; i < floats.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(quantised.Length + (4 * i)), floats[i]);
        }

        return bytes;
    }
}

using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>
/// An identity model that sees the face warped onto its training template: the five alignment points are mapped onto
/// <paramref name="Template"/> by a least-squares similarity, the square crop is sampled straight into the input tensor,
/// and the raw output is returned. <see cref="FaceEmbedder"/> and <see cref="FaceDescriptor"/> differ only in these values.
/// </summary>
internal sealed record AlignedFaceModel(
    OnnxModel Model, string InputName, string OutputName, int Size, IReadOnlyList<Point2> Template, TensorLayout Layout, PixelNormalization Normalization)
{
    private readonly Point2[] _template = [.. Template];
    private readonly string[] _outputNames = [OutputName];

    public float[] Run(Image<Rgb24> image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(landmarks);
        var toCrop = SimilarityTransform.Estimate([.. landmarks.AlignmentPoints], _template);
        using var input = new PooledTensor(1, 3, Size, Size);
        ImageSampler.Sample(image, toCrop.Inverse().ToAffine(), Size, Size, Layout, Normalization, default, input.Memory);
        using var outputs = OrtRun.Run(Model.Session, InputName, input.Value, _outputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>Head rotation in degrees; 0/0/0 is facing the camera. Yaw: turning left/right; pitch: nodding; roll: tilting.</summary>
public sealed record HeadPose(float Yaw, float Pitch, float Roll);

/// <summary>
/// Head pose (<c>fr_pose</c>, Hopenet-style): the face box enlarged by a quarter on each side (kept inside the image),
/// 224×224 RGB with ImageNet mean/std; each angle is the softmax expectation over 66 bins of 3° starting at −99°.
/// </summary>
public sealed class HeadPoseEstimator
{
    private const int Size = 224;
    private static readonly string[] OutputNames = ["output", "617", "618"];
    private readonly OnnxModel _model;

    public HeadPoseEstimator(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public HeadPose Estimate(Image<Rgb24> image, Box face)
    {
        ArgumentNullException.ThrowIfNull(image);
        var crop = new Box(
            MathF.Max(0, face.X1 - (face.Width / 4)),
            MathF.Max(0, face.Y1 - (face.Height / 4)),
            MathF.Min(image.Width, face.X2 + (face.Width / 4)),
            MathF.Min(image.Height, face.Y2 + (face.Height / 4)));
        using var input = new PooledTensor(1, 3, Size, Size);
        ImageSampler.Sample(image, Affine2.FromRegion(crop, Size, Size), Size, Size, TensorLayout.PlanarRgb, PixelNormalization.ImageNet, default, input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input", input.Value, OutputNames);
        return new HeadPose(
            Angle(outputs[0].GetTensorDataAsSpan<float>()),
            Angle(outputs[1].GetTensorDataAsSpan<float>()),
            Angle(outputs[2].GetTensorDataAsSpan<float>()));
    }

    internal static float Angle(ReadOnlySpan<float> bins)
    {
        var max = float.MinValue;
        foreach (var v in bins)
        {
            max = MathF.Max(max, v);
        }

        float sum = 0, expectation = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            var e = MathF.Exp(bins[i] - max);
            sum += e;
            expectation += e * i;
        }

        return (expectation / sum * 3) - 99;
    }
}

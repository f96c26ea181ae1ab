using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>Probability (0..1) that each eye is open; Left is the eye on the image's left.</summary>
public sealed record EyeState(float LeftOpen, float RightOpen);

/// <summary>
/// Eye open/closed (<c>fr_eye</c>), following the package's <c>lib/fr_eye.js</c>: a square crop centred on the mean of the
/// four eyelid points, side = 1.6 × the eye-corner distance, 24×24 grey / 255, softmax over two classes (closed, open).
/// </summary>
public sealed class EyeStateClassifier
{
    private const int Size = 24;
    private const float Padding = 1.6f;
    private static readonly string[] OutputNames = ["output"];
    private readonly OnnxModel _model;

    public EyeStateClassifier(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public EyeState Classify(Image<Rgb24> image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(landmarks);
        var p = landmarks.Points;
        return new EyeState(
            OpenProbability(image, landmarks.LeftEye, Point2.Distance(p[36], p[39])),
            OpenProbability(image, landmarks.RightEye, Point2.Distance(p[42], p[45])));
    }

    private float OpenProbability(Image<Rgb24> image, Point2 centre, float cornerDistance)
    {
        var side = MathF.Max(2, cornerDistance * Padding);
        using var input = new PooledTensor(1, 1, Size, Size);
        ImageSampler.Sample(image, Affine2.FromRegion(Box.FromCenter(centre, side, side), Size, Size), Size, Size, TensorLayout.Grey, PixelNormalization.Uniform(0, 1 / 255f), default, input.Memory);
        using var outputs = OrtRun.Run(_model.Session, "input", input.Value, OutputNames);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        return OpenClassProbability(logits[0], logits[1]);
    }

    // Class 1 is "open": on 137 single-face photos of ../shared/faces (eyes open in nearly all) class 0 had median
    // probability 0.00. The package's JavaScript reports "[0] > [1]", i.e. its flag means closed.
    private static float OpenClassProbability(float closed, float open) => 1 / (1 + MathF.Exp(closed - open));
}

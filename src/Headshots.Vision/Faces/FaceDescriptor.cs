using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using Headshots.Vision.Onnx.Importers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>
/// The second identity model: dlib's ResNet face descriptor (128-D, from face-api's TensorFlow.js weights,
/// <see cref="FaceApiRecognitionConverter"/>). It was trained on dlib's 150×150 face chips, so the five alignment points
/// are mapped onto where those chips put them, sampled as RGB (x − channel mean) / 255.
/// </summary>
public sealed class FaceDescriptor
{
    public const int Size = FaceApiRecognitionConverter.InputSize;

    private readonly AlignedFaceModel _model;

    public FaceDescriptor(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = new AlignedFaceModel(model, "image", "descriptor", Size, ReferencePoints, TensorLayout.PlanarRgb, new PixelNormalization(122.782f, 117.001f, 104.298f, 1 / 255f, 1 / 255f, 1 / 255f));
    }

    /// <summary>
    /// Where the eyes, nose tip and mouth corners sit in a 150×150 dlib face chip, as this pipeline's alignment points
    /// (<see cref="FaceLandmarks.AlignmentPoints"/>) find them: the mean over the 52 dlib chips of ../shared/faces whose face
    /// was found (dlib's own example chips, made by its 68-point aligner with 0.25 padding).
    /// </summary>
    public static IReadOnlyList<Point2> ReferencePoints { get; } =
    [
        new(47.22f, 47.87f),
        new(100.82f, 47.82f),
        new(74.62f, 81.71f),
        new(49.24f, 101.78f),
        new(98.80f, 101.58f),
    ];

    /// <summary>The raw 128-D descriptor; <see cref="FaceEmbedding.Combine"/> normalises it.</summary>
    public float[] Describe(Image<Rgb24> image, FaceLandmarks landmarks) => _model.Run(image, landmarks);
}

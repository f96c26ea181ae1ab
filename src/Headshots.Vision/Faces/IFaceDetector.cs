using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Faces;

/// <summary>Finds faces in a photo. Implementations are thread-safe and hold no per-call state.</summary>
public interface IFaceDetector
{
    /// <summary>Faces found, best detector score first.</summary>
    IReadOnlyList<DetectedFace> DetectFaces(Image<Rgb24> image);
}

/// <summary>A face box in image pixels, the detector's confidence (0..1) and which detector found it.</summary>
public sealed record DetectedFace(Box Box, float Score, string Detector);

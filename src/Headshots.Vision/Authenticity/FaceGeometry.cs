using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;

namespace Headshots.Vision.Authenticity;

/// <summary>
/// Scale-free proportions of a face from its landmarks. Comparing them between an output and its own source (same pose)
/// catches reshaping that an embedding may tolerate: slimming, widening, stretching, enlarged eyes.
/// </summary>
internal static class FaceGeometry
{
    public static IReadOnlyDictionary<string, float> Ratios(FaceLandmarks landmarks)
    {
        var p = landmarks.Points;
        var iod = landmarks.InterOcularDistance;
        var faceWidth = Point2.Distance(p[0], p[16]);
        var eyeMid = Point2.Midpoint(landmarks.LeftEye, landmarks.RightEye);
        var mouthMid = Point2.Midpoint(p[48], p[54]);
        return new Dictionary<string, float>(StringComparer.Ordinal)
        {
            ["eyeDistanceToFaceWidth"] = iod / faceWidth,
            ["noseWidthToEyeDistance"] = Point2.Distance(p[31], p[35]) / iod,
            ["jawWidthToFaceWidth"] = Point2.Distance(p[4], p[12]) / faceWidth,
            ["faceWidthToHeight"] = faceWidth / Point2.Distance(eyeMid, p[8]),
            ["eyeDistanceToEyeMouth"] = iod / Point2.Distance(eyeMid, mouthMid),
        };
    }

    /// <summary>Relative change |candidate − source| / source of each ratio.</summary>
    public static IReadOnlyDictionary<string, float> Changes(IReadOnlyDictionary<string, float> source, IReadOnlyDictionary<string, float> candidate) =>
        source.ToDictionary(kv => kv.Key, kv => MathF.Abs(candidate[kv.Key] - kv.Value) / kv.Value, StringComparer.Ordinal);
}

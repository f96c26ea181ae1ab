using Headshots.Vision.Onnx;

namespace Headshots.Vision.Faces;

/// <summary>Model ids of the face pipeline, as in models/manifest.json (file <c>models/&lt;id&gt;.onnx</c>).</summary>
public static class FaceModelIds
{
    public const string Detector = "fr_detect";
    public const string SmallFaceDetector = "blazeface_back";
    public const string Landmarks = "fr_landmark";
    public const string Embedding = "fr_feature";
    public const string Descriptor = "dlib_resnet";
    public const string Pose = "fr_pose";
    public const string Eyes = "fr_eye";
    public const string Mesh = "face_mesh";

    /// <summary>The identity models, which <see cref="FaceAnalyzer.Embed"/> runs side by side (one thread each, <see cref="OnnxSessionOptions.SideBySideModels"/>).</summary>
    public static IReadOnlySet<string> SideBySide { get; } = new HashSet<string>(StringComparer.Ordinal) { Embedding, Descriptor };

    public static IReadOnlyList<string> All { get; } = [Detector, SmallFaceDetector, Landmarks, Embedding, Descriptor, Pose, Eyes, Mesh];
}

/// <summary>
/// The sessions the face pipeline runs on. The app's model catalog owns its sessions and hands them in; whoever created
/// this record with <see cref="Load"/> owns them and disposes it.
/// </summary>
public sealed record FaceModels(OnnxModel Detector, OnnxModel SmallFaceDetector, OnnxModel Landmarks, OnnxModel Embedding, OnnxModel Descriptor, OnnxModel Pose, OnnxModel Eyes, OnnxModel Mesh)
    : IDisposable
{
    public IReadOnlyList<OnnxModel> All => [Detector, SmallFaceDetector, Landmarks, Embedding, Descriptor, Pose, Eyes, Mesh];

    /// <summary>Loads <c>&lt;directory&gt;/&lt;id&gt;.onnx</c> for every id in <see cref="FaceModelIds.All"/>.</summary>
    public static FaceModels Load(string directory, OnnxSessionOptions options)
    {
        var loaded = new List<OnnxModel>();
        try
        {
            foreach (var id in FaceModelIds.All)
            {
                loaded.Add(OnnxModel.Load(id, Path.Combine(directory, id + ".onnx"), options));
            }

            return new FaceModels(loaded[0], loaded[1], loaded[2], loaded[3], loaded[4], loaded[5], loaded[6], loaded[7]);
        }
        catch
        {
            loaded.ForEach(m => m.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var model in All)
        {
            model.Dispose();
        }
    }
}

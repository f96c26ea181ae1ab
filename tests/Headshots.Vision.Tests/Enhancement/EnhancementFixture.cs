using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>
/// The face models and the imported enhancement models, loaded once. Missing models fail every test in the collection
/// with the command that fetches them (never a silent skip).
/// </summary>
public sealed class EnhancementFixture : IDisposable
{
    public static readonly string[] EnhancementModelIds = [BuiltInModels.SelfieSegmentationId, BuiltInModels.FaceMeshId, BuiltInModels.SuperResolutionId];

    public EnhancementFixture()
    {
        foreach (var id in FaceModelIds.All.Concat(EnhancementModelIds))
        {
            TestPaths.RequireModel(id);
        }

        var sessions = new OnnxSessionOptions { IntraOpThreads = 2 };
        FaceModels = FaceModels.Load(TestPaths.ModelsDir, sessions);
        Models = EnhancementModels.Load(TestPaths.ModelsDir, new EnhancementOptions(), sessions);
        Analyzer = new FaceAnalyzer(FaceModels);
        Gate = new AuthenticityGate(Analyzer, [new ModelFingerprint(FaceModelIds.Embedding, new string('0', 64))]);
        OutputDirectory = Path.Combine(AppContext.BaseDirectory, "enhancement-output");
        Directory.CreateDirectory(OutputDirectory);
    }

    public FaceModels FaceModels { get; }

    public EnhancementModels Models { get; }

    public FaceAnalyzer Analyzer { get; }

    public AuthenticityGate Gate { get; }

    /// <summary>Where tests leave contact sheets and overlays for people to look at (inside the test project's bin folder).</summary>
    public string OutputDirectory { get; }

    public HeadshotEnhancer Enhancer(EnhancementOptions? options = null) =>
        new(Analyzer, Gate, options is null ? Models : EnhancementModels.Load(TestPaths.ModelsDir, options, new OnnxSessionOptions { IntraOpThreads = 2 }), options);

    public static Image<Rgb24> Load(string asset) => Image.Load<Rgb24>(TestPaths.RequireTestAsset(asset));

    /// <summary>The best-scoring face of a group photo with 1.75 face-widths of surroundings on each side: a one-person photo.</summary>
    public Image<Rgb24> SingleFace(string asset)
    {
        using var group = Load(asset);
        var face = Analyzer.Analyze(group, FaceAnalysisDetail.Identity).Best ?? throw new InvalidOperationException($"No face in {asset}.");
        var side = 4.5f * MathF.Max(face.Detection.Box.Width, face.Detection.Box.Height);
        var centre = face.Detection.Box.Center;
        var x0 = (int)Math.Clamp(centre.X - (side / 2), 0, group.Width - 1);
        var y0 = (int)Math.Clamp(centre.Y - (side / 2.5f), 0, group.Height - 1);
        var width = (int)Math.Min(side, group.Width - x0);
        var height = (int)Math.Min(side * 1.1f, group.Height - y0);
        return group.Clone(c => c.Crop(new Rectangle(x0, y0, width, height)));
    }

    public void Dispose()
    {
        Models.Dispose();
        FaceModels.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EnhancementGroup : ICollectionFixture<EnhancementFixture>
{
    public const string Name = "enhancement models";
}

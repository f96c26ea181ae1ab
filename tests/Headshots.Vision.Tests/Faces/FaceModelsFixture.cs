using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Tests.Faces;

/// <summary>
/// The real face models, loaded once for every test in the collection. Missing models fail the tests with the command
/// that fetches them: a vision test that silently skips would hide a broken pipeline.
/// </summary>
public sealed class FaceModelsFixture : IDisposable
{
    public FaceModelsFixture()
    {
        var missing = FaceModelIds.All.Where(id => !File.Exists(Path.Combine(TestPaths.ModelsDir, id + ".onnx"))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Face models missing from {TestPaths.ModelsDir}: {string.Join(", ", missing)}. Run: {TestPaths.FetchCommand}");
        }

        Models = FaceModels.Load(TestPaths.ModelsDir, new OnnxSessionOptions { IntraOpThreads = 2 });
        Analyzer = new FaceAnalyzer(Models);
    }

    public FaceModels Models { get; }

    public FaceAnalyzer Analyzer { get; }

    public static Image<Rgb24> LoadAsset(string name) => Image.Load<Rgb24>(TestPaths.RequireTestAsset(name));

    /// <summary>
    /// One 106×106 face tile of human-facematch.jpg (a 1920×954 screenshot): 18 columns from x = 0, rows from y = 281
    /// every 113 px. Row 0, columns 0–8 show one man in different photos; the other tiles are other people.
    /// </summary>
    public static Image<Rgb24> FacematchTile(int column, int row)
    {
        using var sheet = LoadAsset("human-facematch.jpg");
        var x = (int)(column * 1920 / 18.0);
        return sheet.Clone(c => c.Crop(new Rectangle(x, 281 + (row * 113), 106, 106)));
    }

    public void Dispose() => Models.Dispose();
}

[CollectionDefinition(Name)]
public sealed class FaceModelsGroup : ICollectionFixture<FaceModelsFixture>
{
    public const string Name = "face models";
}

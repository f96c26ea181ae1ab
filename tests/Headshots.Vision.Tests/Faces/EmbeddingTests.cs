using Headshots.Vision.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Faces;

[Collection(FaceModelsGroup.Name)]
public sealed class EmbeddingTests(FaceModelsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Embeddings_are_unit_length_and_512_wide()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");

        var e = Embed(image);

        Assert.Equal(512, e.Dimensions);
        Assert.Equal(1f, e.CosineSimilarity(e), 4);
    }

    [Fact]
    public void The_same_photo_after_crop_flip_jpeg_and_brightness_edits_scores_high()
    {
        foreach (var name in new[] { "lenna.png", "face-api-sample3.jpg" })
        {
            // From the group photo take one person with some background, so that flipping cannot change who is "best".
            using var photo = FaceModelsFixture.LoadAsset(name);
            using var image = name == "lenna.png" ? photo.Clone() : photo.Clone(c => c.Crop(new Rectangle(390, 130, 600, 680)));
            var original = Embed(image);
            using var cropped = Edits.Crop(image, 0.8f);
            using var flipped = Edits.Flip(image);
            using var jpeg = Edits.Jpeg(image, 30);
            using var brighter = Edits.Brightness(image, 1.15f);
            using var darker = Edits.Brightness(image, 0.85f);
            foreach (var (edit, edited) in new[] { ("crop", cropped), ("flip", flipped), ("jpeg q30", jpeg), ("brightness +15 %", brighter), ("brightness −15 %", darker) })
            {
                var score = original.CosineSimilarity(Embed(edited));
                output.WriteLine($"{name} {edit}: {score:F3}");
                Assert.True(score >= 0.80f, $"{name} {edit}: {score:F3}");
            }
        }
    }

    [Fact]
    public void Different_people_score_low_and_the_same_man_scores_higher()
    {
        var man = new[] { (0, 0), (3, 0), (4, 0), (7, 0) }.Select(t => TileEmbedding(t.Item1, t.Item2)).ToArray();
        var others = new[] { (1, 2), (2, 2), (0, 3), (1, 4), (2, 5), (6, 1) }.Select(t => TileEmbedding(t.Item1, t.Item2)).ToArray();
        var reference = FaceEmbedding.Mean(man[1..]);

        var genuine = reference.CosineSimilarity(man[0]);
        var impostors = others.Select(reference.CosineSimilarity).ToArray();
        output.WriteLine($"genuine {genuine:F3}; impostors {string.Join(", ", impostors.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");

        Assert.All(impostors, s => Assert.True(s < 0.35f, $"impostor scored {s:F3}"));
        Assert.True(genuine > impostors.Max() + 0.1f, $"genuine {genuine:F3} vs best impostor {impostors.Max():F3}");
    }

    [Fact]
    public void Threads_sharing_one_session_get_the_same_embeddings_as_sequential_calls()
    {
        using var image = FaceModelsFixture.LoadAsset("face-api-sample4.jpg");
        var faces = fixture.Analyzer.Detector.DetectFaces(image);
        var landmarks = faces.Select(f => fixture.Analyzer.Landmarker.Detect(image, f.Box)).ToArray();
        var sequential = landmarks.Select(l => fixture.Analyzer.Embedder.Embed(image, l).ToArray()).ToArray();

        var parallel = new float[landmarks.Length * 4][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            parallel[i] = fixture.Analyzer.Embedder.Embed(image, landmarks[i % landmarks.Length]).ToArray());

        for (var i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(sequential[i % landmarks.Length], parallel[i]);
        }
    }

    private FaceEmbedding Embed(Image<Rgb24> image) =>
        fixture.Analyzer.EmbedBestFace(image) ?? throw new Xunit.Sdk.XunitException("no face found");

    private FaceEmbedding TileEmbedding(int column, int row)
    {
        using var tile = FaceModelsFixture.FacematchTile(column, row);
        return Embed(tile);
    }
}

using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Faces;

[Collection(FaceModelsGroup.Name)]
public sealed class EmbeddingTests(FaceModelsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Embeddings_hold_both_models_each_part_unit_length()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");

        var e = Embed(image);

        Assert.Equal(512 + 128, e.Dimensions);
        Assert.Equal(1f, e.FeatureCosine(e), 4);
        Assert.Equal(1f, e.DescriptorCosine(e), 4);
        Assert.Equal(1f, e.Similarity(e), 4);
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
                var score = original.Similarity(Embed(edited));
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

        var genuine = reference.Similarity(man[0]);
        var impostors = others.Select(reference.Similarity).ToArray();
        output.WriteLine($"genuine {genuine:F3}; impostors {string.Join(", ", impostors.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");

        Assert.All(impostors, s => Assert.True(s < 0.35f, $"impostor scored {s:F3}"));
        Assert.True(genuine > impostors.Max() + 0.1f, $"genuine {genuine:F3} vs best impostor {impostors.Max():F3}");
    }

    [Fact]
    public void Each_identity_model_alone_tells_the_same_man_from_others_and_the_score_combines_them()
    {
        var man = new[] { (0, 0), (3, 0), (4, 0), (7, 0) }.Select(t => TileEmbedding(t.Item1, t.Item2)).ToArray();
        var others = new[] { (1, 2), (2, 2), (0, 3), (1, 4), (2, 5), (6, 1) }.Select(t => TileEmbedding(t.Item1, t.Item2)).ToArray();
        var reference = FaceEmbedding.Mean(man[1..]);

        foreach (var (model, score) in new (string, Func<FaceEmbedding, float>)[] { ("fr_feature", reference.FeatureCosine), ("dlib", reference.DescriptorCosine) })
        {
            var genuine = score(man[0]);
            var best = others.Max(score);
            output.WriteLine($"{model}: genuine {genuine:F3}, best impostor {best:F3}");
            Assert.True(genuine > best, $"{model}: genuine {genuine:F3} vs best impostor {best:F3}");
        }

        // The identity score is the documented blend of the two rescaled cosines.
        var f = reference.FeatureCosine(man[0]);
        var d = reference.DescriptorCosine(man[0]);
        var expected = (0.35f * ((f - 0.010f) / 0.990f)) + (0.65f * ((d - 0.833f) / 0.167f));
        Assert.Equal(expected, reference.Similarity(man[0]), 4);
    }

    [Fact]
    public void Stored_embeddings_of_an_older_pipeline_are_refused_rather_than_compared()
    {
        var e = Assert.Throws<ArgumentException>(() => FaceEmbedding.FromValues(new float[512]));
        Assert.Contains("older version", e.Message, StringComparison.Ordinal);
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

    [Fact]
    public void The_embedding_is_aligned_by_the_face_mesh_points_which_agree_with_the_68_landmarks()
    {
        var frontal = 0;
        foreach (var name in new[] { "lenna.png", "face-api-sample2.jpg", "face-api-sample3.jpg" })
        {
            using var image = FaceModelsFixture.LoadAsset(name);
            var analysis = fixture.Analyzer.Analyze(image, FaceAnalysisDetail.Identity);
            Assert.NotEmpty(analysis.Faces);
            foreach (var face in analysis.Faces)
            {
                var mesh = face.Landmarks.MeshFivePoints ?? throw new Xunit.Sdk.XunitException($"{name}: no mesh points for the face at {face.Detection.Box}");
                Assert.Same(mesh, face.Landmarks.AlignmentPoints);
                var fromLandmarks = face.Landmarks.FivePoints();
                var iod = face.Landmarks.InterOcularDistance;

                // Every mesh point lies on the face.
                Assert.All(mesh, p => Assert.True(face.Detection.Box.Contains(p), $"{name}: mesh point {p} outside the face box {face.Detection.Box}"));

                // On a frontal face two models locating the same eyes, nose tip and mouth corners differ by model error
                // only. (On sample2's face in profile the 68-point model puts the hidden eye in the air beside the face,
                // 0.32 eye distances from the mesh's, which puts it on the cheek's edge — the reason the mesh aligns.)
                var apart = Enumerable.Range(0, 5).Select(i => Point2.Distance(mesh[i], fromLandmarks[i]) / iod).ToArray();
                output.WriteLine($"{name} face at {face.Detection.Box}: points apart (eye distances) {string.Join(", ", apart.Select(a => a.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
                if (iod >= 0.35f * face.Detection.Box.Width)
                {
                    frontal++;
                    Assert.All(apart, a => Assert.True(a < 0.2f, $"{name}: a point {a:F2} eye distances apart"));
                }

                // The embedding is the one of the mesh alignment, not of the 68-point one.
                var byMesh = fixture.Analyzer.Embed(image, face.Landmarks);
                var by68 = fixture.Analyzer.Embed(image, face.Landmarks with { MeshFivePoints = null });
                Assert.Equal(byMesh.ToArray(), face.Embedding.ToArray());
                Assert.NotEqual(by68.ToArray(), face.Embedding.ToArray());
                output.WriteLine($"{name}: mesh vs 68-point alignment, same face: similarity {byMesh.Similarity(by68):F3}");
                if (iod >= 0.35f * face.Detection.Box.Width)
                {
                    Assert.True(byMesh.Similarity(by68) > 0.8f, $"{name}: the two alignments of a frontal face give different people");
                }
            }
        }

        Assert.True(frontal >= 3, $"only {frontal} frontal faces compared");
    }

    private FaceEmbedding Embed(Image<Rgb24> image) =>
        fixture.Analyzer.EmbedBestFace(image) ?? throw new Xunit.Sdk.XunitException("no face found");

    private FaceEmbedding TileEmbedding(int column, int row)
    {
        using var tile = FaceModelsFixture.FacematchTile(column, row);
        return Embed(tile);
    }
}

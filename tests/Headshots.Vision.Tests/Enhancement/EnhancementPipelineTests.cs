using System.Text;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>The whole pipeline with the real models on package-provided photos.</summary>
[Collection(EnhancementGroup.Name)]
public sealed class EnhancementPipelineTests(EnhancementFixture fixture, ITestOutputHelper output)
{
    private static readonly EnhancementOptions NoSuperResolution = new() { Stages = new EnhancementStages { Restoration = false } };

    [Fact]
    public void Lenna_at_standard_is_accepted_framed_to_1024_and_keeps_her_identity()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var progress = new List<EnhancementProgress>();

        using var result = fixture.Enhancer().Enhance(source, null, new EnhancementRequest(), new SynchronousProgress(progress.Add));

        Log(result);
        Assert.Equal(GateVerdict.Accept, result.Verdict);
        Assert.True(result.Passed);
        var image = Assert.IsType<Image<Rgb24>>(result.Output);
        Assert.Equal((819, 1024), (image.Width, image.Height));
        Assert.True(result.Decision.Scores.SourceSimilarity >= 0.90f, $"cosine to source {result.Decision.Scores.SourceSimilarity}");
        Assert.Empty(result.Notes);
        foreach (var stage in new[] { StageNames.Analysis, StageNames.Framing, StageNames.Segmentation, StageNames.Matte, StageNames.SuperResolution, StageNames.FaceMesh, StageNames.Retouch, StageNames.Light, StageNames.Background, StageNames.Gate })
        {
            Assert.True(result.StageMs.ContainsKey(stage), $"no time for {stage}");
            Assert.Contains(progress, p => p.Stage == stage);
        }

        var xmp = Encoding.UTF8.GetString(Image.Load<Rgb24>(result.Encode(HeadshotFormat.Jpeg)).Metadata.XmpProfile!.ToByteArray());
        Assert.Contains("hs:GateVerdict=\"accept\"", xmp, StringComparison.Ordinal);
        Assert.Contains("realesrgan_x4v3:", xmp, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_pixel_stage_of_a_real_run_reports_its_floating_point_operations_and_no_model_stage_does()
    {
        using var source = EnhancementFixture.Load("lenna.png");

        using var result = fixture.Enhancer(NoSuperResolution).Enhance(source, null, new EnhancementRequest());

        output.WriteLine(string.Join(", ", result.StageFlops.Select(kv => $"{kv.Key} {kv.Value / 1e6:F1} MFLOP")));
        Assert.Equal(
            new[] { StageNames.Background, StageNames.Framing, StageNames.Light, StageNames.Matte, StageNames.Retouch },
            result.StageFlops.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.StageFlops.Values, flops => Assert.True(flops > 0));

        // The frame enlarges lenna, so framing is one bilinear read (45), its normalisation (6) and the coverage (20)
        // per output pixel, and nothing else; light corrects every pixel (16) on every attempt, besides measuring.
        var (w, h) = (result.Output!.Width, result.Output.Height);
        Assert.Equal((45 + 6 + 20) * (long)w * h, result.StageFlops[StageNames.Framing]);
        Assert.True(result.StageFlops[StageNames.Light] > 16L * w * h * result.Attempts.Count);
    }

    [Fact]
    public void When_the_gate_will_not_accept_every_weaker_attempt_is_tried_and_recorded_down_to_the_minimal_version()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var impossible = GateThresholds.Default with { AcceptAt = 0.9999f, ReviewFrom = 0 };

        using var result = fixture.Enhancer(NoSuperResolution).Enhance(source, null, new EnhancementRequest { Thresholds = impossible, Intensity = Intensity.Polished });

        Log(result);
        Assert.Equal([1f, 0.5f, 0f], result.Attempts.Select(a => a.Strength));
        Assert.All(result.Attempts, a => Assert.Equal(GateVerdict.Review, a.Verdict));
        Assert.All(result.Attempts, a => Assert.NotNull(a.Scores.Identity));
        Assert.Equal(new StageStrengths(0, 0, 0), result.Attempts[^1].Strengths);
        Assert.Equal(HeadshotStyles.Strengths(Intensity.Polished).Retouch, result.Attempts[0].Strengths.Retouch);
        Assert.Equal(GateVerdict.Review, result.Verdict);
        Assert.False(result.Passed);
        Assert.NotNull(result.Output);
        Assert.Contains("hs:GateVerdict=\"review\"", Encoding.UTF8.GetString(Image.Load<Rgb24>(result.Encode(HeadshotFormat.Png)).Metadata.XmpProfile!.ToByteArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_attempt_is_rejected_there_is_no_output_to_show()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var impossible = GateThresholds.Default with { AcceptAt = 0.9999f, ReviewFrom = 0.9999f };

        using var result = fixture.Enhancer(NoSuperResolution).Enhance(source, null, new EnhancementRequest { Thresholds = impossible });

        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(GateVerdict.Reject, result.Verdict);
        Assert.Null(result.Output);
        Assert.False(result.Passed);
        Assert.Throws<InvalidOperationException>(() => result.Encode(HeadshotFormat.Jpeg));
    }

    [Fact]
    public void Another_persons_references_are_rejected_even_in_the_minimal_version()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        using var man = FaceModelsFixture.FacematchTile(0, 0);
        var references = new[] { fixture.Analyzer.EmbedBestFace(man)! };

        using var result = fixture.Enhancer(NoSuperResolution).Enhance(source, references, new EnhancementRequest());

        Assert.Equal(GateVerdict.Reject, result.Verdict);
        Assert.Null(result.Output);
    }

    [Fact]
    public void With_every_stage_switched_off_the_output_is_the_photo_itself_and_still_gated()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var off = new EnhancementStages { Framing = false, Background = false, Restoration = false, Retouch = false, Light = false };

        using var result = fixture.Enhancer(new EnhancementOptions { Stages = off }).Enhance(source, null, new EnhancementRequest());

        Assert.Equal(GateVerdict.Accept, result.Verdict);
        var image = result.Output!;
        Assert.Equal((512, 512), (image.Width, image.Height));
        var worst = 0;
        for (var y = 0; y < 512; y += 7)
        {
            for (var x = 0; x < 512; x += 7)
            {
                var (a, b) = (source[x, y], image[x, y]);
                worst = Math.Max(worst, Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B))));
            }
        }

        Assert.True(worst <= 1, $"largest channel difference {worst}");
        Assert.Equal([StageNames.Analysis, StageNames.Background, StageNames.Framing, StageNames.Gate], result.StageMs.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_web_app_gets_every_enhancement_model_from_its_checked_catalog()
    {
        using var catalog = ModelCatalog.Open(ModelManifest.Load(TestPaths.ManifestPath), TestPaths.Locations, new OnnxSessionOptions { IntraOpThreads = 2 });

        using var models = EnhancementModels.FromCatalog(catalog, new EnhancementOptions());

        Assert.Empty(models.Missing);
        foreach (var id in EnhancementFixture.EnhancementModelIds)
        {
            Assert.Equal(catalog.Sha256Of(id), models.Sha256[id]);
        }
    }

    [Fact]
    public void The_segmentation_covers_the_face_and_not_the_background_corner()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var mask = fixture.Models.Segmentation!.Run(PlanarImage.FromImage(source));
        var face = fixture.Analyzer.Analyze(source, FaceAnalysisDetail.Identity).Best!;

        var nose = face.Landmarks.Points[30];
        var atNose = mask.Plane(0)[((int)nose.Y * mask.Width) + (int)nose.X];
        var topRight = mask.Plane(0)[(8 * mask.Width) + mask.Width - 8];
        output.WriteLine($"person probability: nose {atNose:F3}, top-right corner {topRight:F3}");

        Assert.True(atNose > 0.8f);
        Assert.True(topRight < 0.2f);
    }

    [Fact]
    public void The_u2netp_alternative_from_the_manifest_also_covers_the_face_and_not_the_background_corner()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var options = new EnhancementOptions { Segmentation = BuiltInModels.U2Netp, SuperResolution = null };
        using var models = EnhancementModels.Load(TestPaths.ModelsDir, options, new OnnxSessionOptions { IntraOpThreads = 2 });
        var mask = models.Segmentation!.Run(PlanarImage.FromImage(source));
        var face = fixture.Analyzer.Analyze(source, FaceAnalysisDetail.Identity).Best!;

        var nose = face.Landmarks.Points[30];
        var atNose = mask.Plane(0)[((int)nose.Y * mask.Width) + (int)nose.X];
        var topRight = mask.Plane(0)[(8 * mask.Width) + mask.Width - 8];
        output.WriteLine($"u2netp person probability: nose {atNose:F3}, top-right corner {topRight:F3}");

        Assert.Equal((source.Width, source.Height), (mask.Width, mask.Height));
        Assert.True(atNose > 0.8f, $"nose {atNose:F3}");
        Assert.True(topRight < 0.2f, $"corner {topRight:F3}");
    }

    [Fact]
    public void Face_mesh_points_land_inside_the_face_and_the_skin_mask_spares_eyes_and_lips()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        var face = fixture.Analyzer.Analyze(source, FaceAnalysisDetail.Identity).Best!;
        var canvas = PlanarImage.FromImage(source);

        var mesh = fixture.Models.FaceMesh!.Detect(canvas, face.Detection.Box);
        var skin = Retouch.SkinMask(canvas, mesh, face.Landmarks);

        var box = face.Detection.Box;
        var grown = Box.FromCenter(box.Center, box.Width * 1.2f, box.Height * 1.2f);
        var inside = mesh.Points.Count(grown.Contains);
        output.WriteLine($"presence {mesh.Presence:F3}; {inside} of 468 points inside the face box × 1.2");
        Assert.True(mesh.Presence > 0.5f);
        Assert.True(inside >= 460);

        float At(Point2 p) => skin[((int)p.Y * canvas.Width) + (int)p.X];
        var cheek = Point2.Mean([face.Landmarks.Points[41], face.Landmarks.Points[31], face.Landmarks.Points[2]]);
        Assert.True(At(cheek) > 0.5f, $"cheek {At(cheek):F2}");
        Assert.True(At(face.Landmarks.LeftEye) < 0.1f, $"eye {At(face.Landmarks.LeftEye):F2}");
        Assert.True(At(Point2.Midpoint(face.Landmarks.Points[51], face.Landmarks.Points[57])) < 0.1f, "lips");

        // An overlay for people to check: skin mask in green over the photo, mesh points in red.
        using var overlay = source.Clone();
        overlay.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var m = skin[(y * canvas.Width) + x];
                    row[x] = new Rgb24(row[x].R, (byte)Math.Min(255, row[x].G + (int)(120 * m)), row[x].B);
                }
            }

            foreach (var p in mesh.Points)
            {
                if ((uint)p.X < (uint)rows.Width && (uint)p.Y < (uint)rows.Height)
                {
                    rows.GetRowSpan((int)p.Y)[(int)p.X] = new Rgb24(255, 0, 0);
                }
            }
        });
        overlay.SaveAsPng(Path.Combine(fixture.OutputDirectory, "lenna.skin-mask.png"));
    }

    [Fact]
    public void Real_esrgan_tiled_with_overlap_matches_the_untiled_output_on_a_face()
    {
        using var source = EnhancementFixture.Load("lenna.png");
        using var crop = source.Clone(c => c.Crop(new Rectangle(200, 180, 150, 120)));
        var input = PlanarImage.FromImage(crop);
        var descriptor = BuiltInModels.SuperResolution with { TileSize = 0 };
        using var model = OnnxModel.Load(BuiltInModels.SuperResolutionId, TestPaths.RequireModel(BuiltInModels.SuperResolutionId), new OnnxSessionOptions { IntraOpThreads = 2 });

        var whole = new ModelRunner(model, descriptor).Run(input);
        var tiled = new ModelRunner(model, descriptor with { TileSize = 96, TileOverlap = 24 }).Run(input);

        var differences = whole.Data.Zip(tiled.Data, (a, b) => MathF.Abs(a - b)).ToArray();
        output.WriteLine($"×4 of 150×120 in 96-px tiles, 24 px overlap: max |Δ| {differences.Max() * 255:F2}/255, mean {differences.Average() * 255:F4}/255");
        Assert.Equal((600, 480), (tiled.Width, tiled.Height));
        Assert.True(differences.Max() < 2 / 255f, $"max difference {differences.Max() * 255:F2}/255");
    }

    private void Log(EnhancementResult result)
    {
        foreach (var a in result.Attempts)
        {
            output.WriteLine($"attempt {a.Number} strength {a.Strength}: {a.Verdict} identity {a.Scores.Identity:F3} source {a.Scores.SourceSimilarity:F3} ΔE {a.Scores.SkinToneDeltaE:F2} geometry {a.Scores.GeometryChange:F3}");
        }

        output.WriteLine(string.Join(", ", result.StageMs.Select(kv => $"{kv.Key} {kv.Value:F0} ms")) + $"; total {result.TotalMs:F0} ms");
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and complete on return.</summary>
    private sealed class SynchronousProgress(Action<EnhancementProgress> report) : IProgress<EnhancementProgress>
    {
        public void Report(EnhancementProgress value) => report(value);
    }
}

using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Authenticity;

[Collection(FaceModelsGroup.Name)]
public sealed class AuthenticityGateTests(FaceModelsFixture fixture, ITestOutputHelper output)
{
    private static readonly ModelFingerprint[] Fingerprints = [new("fr_feature", new string('a', 64))];

    private AuthenticityGate Gate => new(fixture.Analyzer, Fingerprints);

    [Fact]
    public void Benign_edits_of_the_source_are_accepted_without_drift_reasons()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        var references = LennaReferences(source);
        using var brighter = Edits.Brightness(source, 1.15f);
        using var jpeg = Edits.Jpeg(source, 30);
        using var cropped = Edits.Crop(source, 0.8f);

        foreach (var (name, candidate) in new[] { ("brightness +15 %", brighter), ("jpeg q30", jpeg), ("crop", cropped) })
        {
            var decision = Gate.Decide(references, candidate, source, GateThresholds.Default);
            output.WriteLine($"{name}: {decision.Verdict} identity {decision.Scores.Identity:F3} source {decision.Scores.SourceSimilarity:F3} ΔE {decision.Scores.SkinToneDeltaE:F2} geometry {decision.Scores.GeometryChange:F3}");

            Assert.Equal(GateVerdict.Accept, decision.Verdict);
            Assert.Equal(GateCheck.Identity, Assert.Single(decision.Reasons).Check);
            Assert.Equal(3, decision.Scores.ReferenceSimilarities.Count);
            Assert.Same(GateThresholds.Default, decision.Thresholds);
            Assert.Equal(Fingerprints, decision.Models);
        }
    }

    [Fact]
    public void A_score_inside_the_band_is_sent_to_review()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var jpeg = Edits.Jpeg(source, 30);
        var strict = GateThresholds.Default with { AcceptAt = 0.999f, ReviewFrom = 0.5f };

        var decision = Gate.Decide(LennaReferences(source), jpeg, null, strict);

        Assert.Equal(GateVerdict.Review, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((GateCheck.Identity, GateVerdict.Review), (reason.Check, reason.Verdict));
        Assert.StartsWith("Not sure this still looks like you", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_person_is_rejected()
    {
        var man = new[] { (0, 0), (3, 0), (4, 0) }.Select(t =>
        {
            using var tile = FaceModelsFixture.FacematchTile(t.Item1, t.Item2);
            return fixture.Analyzer.EmbedBestFace(tile)!;
        }).ToArray();
        using var lenna = FaceModelsFixture.LoadAsset("lenna.png");

        var decision = Gate.Decide(man, lenna, null, GateThresholds.Default);

        Assert.Equal(GateVerdict.Reject, decision.Verdict);
        Assert.True(decision.Scores.Identity < GateThresholds.Default.ReviewFrom);
        Assert.Contains("no longer looks like you", decision.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_without_a_face_is_rejected_as_face_missing()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var blank = new Image<Rgb24>(512, 512, new Rgb24(90, 120, 160));

        var decision = Gate.Decide(LennaReferences(source), blank, source, GateThresholds.Default);

        Assert.Equal(GateVerdict.Reject, decision.Verdict);
        Assert.Equal(GateCheck.FaceMissing, Assert.Single(decision.Reasons).Check);
        Assert.Null(decision.Scores.Identity);
    }

    [Fact]
    public void A_strong_colour_cast_fires_the_skin_tone_guard()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var tinted = Edits.Tint(source, 0.55f, 1.0f, 1.6f);

        var decision = Gate.Decide(LennaReferences(source), tinted, source, GateThresholds.Default);
        output.WriteLine($"{decision.Verdict} identity {decision.Scores.Identity:F3} ΔE {decision.Scores.SkinToneDeltaE:F2}");

        Assert.Contains(decision.Reasons, r => r.Check == GateCheck.SkinTone);
        Assert.NotEqual(GateVerdict.Accept, decision.Verdict);
    }

    [Fact]
    public void A_horizontally_stretched_face_fires_the_geometry_guard()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var stretched = Edits.Stretch(source, 1.3f);

        var decision = Gate.Decide(LennaReferences(source), stretched, source, GateThresholds.Default);
        output.WriteLine($"{decision.Verdict} identity {decision.Scores.Identity:F3} geometry {decision.Scores.GeometryChange:F3} {string.Join(", ", decision.Scores.GeometryRatioChanges!.Select(kv => $"{kv.Key} {kv.Value:F3}"))}");

        Assert.Contains(decision.Reasons, r => r.Check == GateCheck.Geometry);
        Assert.NotEqual(GateVerdict.Accept, decision.Verdict);
    }

    [Fact]
    public void An_extra_face_fires_the_face_count_guard()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var twice = Edits.SideBySide(source);

        var decision = Gate.Decide(LennaReferences(source), twice, source, GateThresholds.Default);

        Assert.Equal(2, decision.Scores.CandidateFaces);
        Assert.Equal(1, decision.Scores.SourceFaces);
        Assert.Contains(decision.Reasons, r => r.Check == GateCheck.FaceCount && r.Verdict == GateVerdict.Review);
    }

    [Fact]
    public void With_two_faces_the_decision_equals_a_full_analysis_of_the_best_face_and_counts_the_other()
    {
        // The gate runs the mesh and identity models on the best face only; scores and counts must be what a full
        // analysis of every face gives.
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var twice = Edits.SideBySide(source);
        var references = LennaReferences(source);

        var decision = Gate.DecideWithAnalysedSource(references, twice, null, GateThresholds.Default);
        var full = fixture.Analyzer.Analyze(twice, FaceAnalysisDetail.Identity, FaceSearch.Portrait);
        var found = fixture.Analyzer.FindHumanFaces(twice, FaceSearch.Portrait);

        Assert.Equal(2, full.Faces.Count);
        Assert.Equal(full.Faces.Select(f => f.Detection), found.Faces.Select(f => f.Detection));
        Assert.Equal(full.Best!.Embedding.Similarity(FaceEmbedding.Mean(references)), decision.Scores.Identity);
        Assert.Equal(references.Select(full.Best.Embedding.Similarity), decision.Scores.ReferenceSimilarities);
        Assert.Equal(PhotoQualityChecker.CountProminent(full, GateThresholds.Default.ProminentFaceAreaRatio), decision.Scores.CandidateFaces);
    }

    [Fact]
    public void The_gate_needs_references_and_consistent_thresholds()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");

        Assert.Throws<ArgumentException>(() => Gate.Decide([], source, null, GateThresholds.Default));
        Assert.Throws<ArgumentException>(() => Gate.Decide(LennaReferences(source), source, null, GateThresholds.Default with { ReviewFrom = 0.9f, AcceptAt = 0.5f }));
    }

    private List<FaceEmbedding> LennaReferences(Image<Rgb24> lenna)
    {
        using var flipped = Edits.Flip(lenna);
        using var darker = Edits.Brightness(lenna, 0.9f);
        return [fixture.Analyzer.EmbedBestFace(lenna)!, fixture.Analyzer.EmbedBestFace(flipped)!, fixture.Analyzer.EmbedBestFace(darker)!];
    }
}

using System.Collections.Concurrent;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Cli;

/// <summary>
/// The calibration run behind the gate's defaults (docs/gate.md), asserting what the pipeline actually achieves so a
/// regression fails here. Where an issue target is missed the assertion holds the measured level and says so.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class SharedFacesCalibrationTests(FaceModelsFixture fixture, ITestOutputHelper output)
{
    private readonly ConcurrentDictionary<string, FaceEmbedding?> _embeddings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _passesFaceChecks = new(StringComparer.Ordinal);

    [SharedFacesFact]
    public void Pairs_and_mean_of_references_meet_the_calibrated_levels()
    {
        IReadOnlyList<LabelledPair> pairs;
        using (var reader = File.OpenText(Path.Combine(TestPaths.SharedFaces, "pairs.csv")))
        {
            pairs = CalibrationSets.ReadPairs(reader);
        }

        var manifest = TestPaths.SharedFacesManifest();

        var p = GateEvaluation.EvaluatePairs(pairs, Embed);
        var r = GateEvaluation.EvaluateRefset(CalibrationSets.BuildLeaveOneOut(manifest), Embed, GateThresholds.Default);
        output.WriteLine($"pairs: images {p.Images}, faces {p.FacesFound}, AUC {p.Summary.Auc:F5}, EER {p.Summary.Eer:F4}, FNMR@FMR1% {p.Summary.FnmrAtFmr1:F4}, FNMR@FMR0.1% {p.Summary.FnmrAtFmr01:F4}");
        output.WriteLine($"refset: {r.Genuine} genuine / {r.Impostor} impostor, AUC {r.Summary.Auc:F5}, FNMR@FMR0.1% {r.Summary.FnmrAtFmr01:F4}, defaults: FNMR {r.Fnmr:F4}, FMR {r.Fmr:F5}, review {r.ReviewRate:F4}");

        // Issue targets met: faces found ≥ 99.5 %, AUC ≥ 0.999.
        Assert.True(p.FacesFound >= 0.995 * p.Images, $"faces found {p.FacesFound}/{p.Images}");
        Assert.True(p.Summary.Auc >= 0.999, $"pairs AUC {p.Summary.Auc}");
        Assert.True(p.Summary.FnmrAtFmr1 <= 0.01, $"pairs FNMR at FMR 1 % {p.Summary.FnmrAtFmr1}");

        // Issue target: FNMR ≤ 2 % at FMR 0.1 % on all pairs; measured 0 % with fr_feature and dlib fused (2.78 % with
        // fr_feature alone), by a margin of 0.005 between the lowest same-person and the highest different-person pair.
        Assert.True(p.Summary.FnmrAtFmr01 <= 0.02, $"pairs FNMR at FMR 0.1 % {p.Summary.FnmrAtFmr01}");

        // On the pairs whose two photos pass the upload's checks of the face (the faces the product's gate compares): 0 of 351.
        var faceChecked = p.SummaryWhere(file => _passesFaceChecks.GetValueOrDefault(file)) ?? throw new Xunit.Sdk.XunitException("no face-checked pairs of both kinds");
        output.WriteLine($"pairs, both photos pass the face checks: {_passesFaceChecks.Values.Count(v => v)} photos, {faceChecked.Genuine} genuine / {faceChecked.Impostor} impostor, AUC {faceChecked.Auc:F5}, FNMR@FMR0.1% {faceChecked.FnmrAtFmr01:F4}");
        Assert.True(faceChecked.Genuine >= 300 && faceChecked.Impostor >= 400, $"{faceChecked.Genuine} genuine, {faceChecked.Impostor} impostor");
        Assert.True(faceChecked.FnmrAtFmr01 <= 0.02, $"face-checked pairs FNMR at FMR 0.1 % {faceChecked.FnmrAtFmr01}");

        // Issue target met: mean-of-references FNMR ≤ 1 % at FMR ≤ 0.1 %; measured 0 % (0.92 % with fr_feature alone).
        Assert.True(r.Summary.FnmrAtFmr01 <= 0.01, $"refset FNMR at FMR 0.1 % {r.Summary.FnmrAtFmr01}");

        // The shipped defaults (accept 0.55, review from 0.40): no genuine trial rejected outright (lowest 0.519), no
        // impostor trial accepted (highest 0.536).
        Assert.Equal(0, r.Fnmr);
        Assert.Equal(0, r.Fmr);
    }

    [SharedFacesFact]
    public void Animals_and_empty_scenes_have_no_face_and_labelled_photos_have_one()
    {
        var manifest = TestPaths.SharedFacesManifest();

        var checker = new PhotoQualityChecker();
        var noFace = manifest.Where(m => m.Role == "no_face").ToList();
        var labelled = manifest.Where(m => m.Role is "identity" or "singleton").ToList();
        Assert.NotEmpty(noFace);
        foreach (var photo in noFace)
        {
            using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, photo.File));
            var analysis = fixture.Analyzer.Analyze(image);
            output.WriteLine($"{photo.File}: {analysis.Faces.Count} faces; not faces: {string.Join("; ", analysis.NotFaces.Select(n => $"{n.Detection.Score:F2} {n.Reason}"))}");

            Assert.Empty(analysis.Faces);
            Assert.Equal(QualityCheck.FaceCount, Assert.Single(checker.Check(image, analysis).Issues).Check);
        }

        // The detector itself fires on the cat, the dogs and the mandrill: the human-face check is what drops them.
        foreach (var animal in new[] { "debian/noface/chelsea.png", "dlib/noface/dogs.jpg", "debian/noface/baboon.jpg" })
        {
            using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, animal));
            Assert.NotEmpty(fixture.Analyzer.Detector.DetectFaces(image));
        }

        var found = labelled.Count(photo => Embed(photo.File) is not null);
        Assert.True(found >= 0.995 * labelled.Count, $"faces found in {found} of {labelled.Count} labelled photos");
    }

    private FaceEmbedding? Embed(string file) => _embeddings.GetOrAdd(file, f =>
    {
        using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, f));
        var analysis = fixture.Analyzer.Analyze(image);
        _passesFaceChecks[f] = new PhotoQualityChecker().Check(image, analysis).PassedFaceChecks;
        return analysis.Best?.Embedding;
    });
}

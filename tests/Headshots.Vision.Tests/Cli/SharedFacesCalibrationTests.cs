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

    [SharedFacesFact]
    public void Pairs_and_mean_of_references_meet_the_calibrated_levels()
    {
        IReadOnlyList<LabelledPair> pairs;
        using (var reader = File.OpenText(Path.Combine(FaceTestPaths.SharedFaces, "pairs.csv")))
        {
            pairs = CalibrationSets.ReadPairs(reader);
        }

        IReadOnlyList<LabelledPhoto> manifest;
        using (var reader = File.OpenText(Path.Combine(FaceTestPaths.SharedFaces, "manifest.csv")))
        {
            manifest = CalibrationSets.ReadManifest(reader);
        }

        var p = GateEvaluation.EvaluatePairs(pairs, Embed);
        var r = GateEvaluation.EvaluateRefset(CalibrationSets.BuildLeaveOneOut(manifest), Embed, GateThresholds.Default);
        output.WriteLine($"pairs: images {p.Images}, faces {p.FacesFound}, AUC {p.Summary.Auc:F5}, EER {p.Summary.Eer:F4}, FNMR@FMR1% {p.Summary.FnmrAtFmr1:F4}, FNMR@FMR0.1% {p.Summary.FnmrAtFmr01:F4}");
        output.WriteLine($"refset: {r.Genuine} genuine / {r.Impostor} impostor, AUC {r.Summary.Auc:F5}, FNMR@FMR0.1% {r.Summary.FnmrAtFmr01:F4}, defaults: FNMR {r.Fnmr:F4}, FMR {r.Fmr:F5}, review {r.ReviewRate:F4}");

        // Issue targets met: faces found ≥ 99.5 %, AUC ≥ 0.999.
        Assert.True(p.FacesFound >= 0.995 * p.Images, $"faces found {p.FacesFound}/{p.Images}");
        Assert.True(p.Summary.Auc >= 0.999, $"pairs AUC {p.Summary.Auc}");
        Assert.True(p.Summary.FnmrAtFmr1 <= 0.01, $"pairs FNMR at FMR 1 % {p.Summary.FnmrAtFmr1}");

        // Issue target missed: FNMR ≤ 2 % at FMR 0.1 % on pairs; measured 7.1 % (expression-heavy human/ pairs against
        // one impostor at 0.45). Held at the measured level.
        Assert.True(p.Summary.FnmrAtFmr01 <= 0.08, $"pairs FNMR at FMR 0.1 % {p.Summary.FnmrAtFmr01}");

        // Issue target missed narrowly: mean-of-references FNMR ≤ 1 % at FMR ≤ 0.1 %; measured 1.8 % (2 of 109).
        Assert.True(r.Summary.FnmrAtFmr01 <= 0.02, $"refset FNMR at FMR 0.1 % {r.Summary.FnmrAtFmr01}");

        // The shipped defaults: no genuine trial rejected outright, false accepts at most 0.1 %.
        Assert.True(r.Fnmr <= 0.01, $"refset genuine rejected at the defaults {r.Fnmr}");
        Assert.True(r.Fmr <= 0.001, $"refset impostors accepted at the defaults {r.Fmr}");
    }

    private FaceEmbedding? Embed(string file) => _embeddings.GetOrAdd(file, f =>
    {
        using var image = Image.Load<Rgb24>(Path.Combine(FaceTestPaths.SharedFaces, f));
        return fixture.Analyzer.EmbedBestFace(image);
    });
}

using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Tests.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>
/// Quality evidence on real photos: Standard outputs must keep a median cosine ≥ 0.90 to their own source, and contact
/// sheets of before/after pairs are written for people to look at (path printed in the test output).
/// </summary>
[Collection(EnhancementGroup.Name)]
public sealed class EnhancementQualityTests(EnhancementFixture fixture, ITestOutputHelper output)
{
    private const int SheetRowHeight = 360;

    [Fact]
    public void Standard_headshots_of_the_package_photos_keep_their_identity_and_are_written_as_a_contact_sheet()
    {
        var names = Enumerable.Range(1, 6).Select(i => $"face-api-sample{i}.jpg").Prepend("lenna.png").ToList();
        var enhancer = fixture.Enhancer();
        var similarities = new List<float>();
        var pairs = new List<(Image<Rgb24> Before, Image<Rgb24> After)>();
        try
        {
            foreach (var name in names)
            {
                var source = name == "lenna.png" ? EnhancementFixture.Load(name) : fixture.SingleFace(name);
                using var result = enhancer.Enhance(source, null, new EnhancementRequest());
                var similarity = result.Decision.Scores.SourceSimilarity ?? float.NaN;
                output.WriteLine(
                    $"{name}: {source.Width}×{source.Height} → {result.Output?.Width}×{result.Output?.Height} {result.Verdict} " +
                    $"cosine to source {similarity:F3}, ΔE {result.Decision.Scores.SkinToneDeltaE:F2}, geometry {result.Decision.Scores.GeometryChange:F3}, " +
                    $"attempts {result.Attempts.Count}, {result.TotalMs:F0} ms ({string.Join(", ", result.StageMs.Select(kv => $"{kv.Key} {kv.Value:F0}"))})");
                similarities.Add(similarity);
                Assert.NotEqual(GateVerdict.Reject, result.Verdict);
                pairs.Add((source, result.Output!.Clone()));
            }

            var path = Path.Combine(fixture.OutputDirectory, "contact-sheet.studio-grey.standard.png");
            WriteSheet(pairs.Select(p => (IReadOnlyList<Image<Rgb24>>)[p.Before, p.After]).ToList(), path);
            output.WriteLine($"contact sheet: {path}");
        }
        finally
        {
            pairs.ForEach(p =>
            {
                p.Before.Dispose();
                p.After.Dispose();
            });
        }

        similarities.Sort();
        var median = similarities[similarities.Count / 2];
        output.WriteLine($"median cosine to source {median:F3} (min {similarities[0]:F3}) over {similarities.Count} photos");
        Assert.True(median >= 0.90f, $"median cosine {median:F3}");
    }

    [Fact]
    public void Every_style_and_intensity_renders_and_is_written_as_a_contact_sheet()
    {
        using var source = fixture.SingleFace("face-api-sample2.jpg");
        var enhancer = fixture.Enhancer(new EnhancementOptions { Stages = new EnhancementStages { Restoration = false } });
        var rows = new List<IReadOnlyList<Image<Rgb24>>>();
        try
        {
            foreach (var style in HeadshotStyles.All)
            {
                var row = new List<Image<Rgb24>> { source.Clone() };
                foreach (var intensity in Enum.GetValues<Intensity>())
                {
                    using var result = enhancer.Enhance(source, null, new EnhancementRequest { Style = style, Intensity = intensity });
                    output.WriteLine($"{style.Name} {intensity}: {result.Verdict} cosine {result.Decision.Scores.SourceSimilarity:F3} ({result.Attempts.Count} attempt(s))");
                    Assert.NotNull(result.Output);
                    Assert.Equal(style.Composition.Aspect, (float)result.Output.Width / result.Output.Height, 0.01f);
                    // One clear face, well lit: every style and intensity must pass at its first attempt, looking like the source.
                    Assert.Equal(GateVerdict.Accept, result.Verdict);
                    Assert.Single(result.Attempts);
                    Assert.True(result.Decision.Scores.SourceSimilarity >= 0.95f, $"{style.Name} {intensity}: cosine {result.Decision.Scores.SourceSimilarity:F3}");
                    row.Add(result.Output.Clone());
                }

                rows.Add(row);
            }

            var path = Path.Combine(fixture.OutputDirectory, "contact-sheet.styles.png");
            WriteSheet(rows, path);
            output.WriteLine($"contact sheet (source, light, standard, polished per style): {path}");
        }
        finally
        {
            rows.ForEach(r => r.ToList().ForEach(i => i.Dispose()));
        }
    }

    /// <summary>
    /// The labelled people in ../shared/faces with at least four photos: each person's first photo is enhanced at Standard
    /// and gated against three of their other photos, as the product does with a user's reference photos.
    /// </summary>
    [SharedFacesFact]
    public void Standard_headshots_pass_the_gate_against_the_persons_other_photos()
    {
        var manifest = TestPaths.SharedFacesManifest();

        var people = manifest.Where(p => p.Role == "identity").GroupBy(p => p.Identity).Where(g => g.Count() >= 4).ToList();
        var enhancer = fixture.Enhancer();
        var sources = new List<float>();
        var accepted = 0;
        var rendered = 0;
        foreach (var person in people)
        {
            var photos = person.Select(p => p.File).Order(StringComparer.Ordinal).ToList();
            var references = photos.Skip(1).Take(3).Select(f =>
            {
                using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, f));
                return fixture.Analyzer.EmbedBestFace(image);
            }).OfType<FaceEmbedding>().ToList();
            using var source = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, photos[0]));
            EnhancementResult result;
            try
            {
                result = enhancer.Enhance(source, references, new EnhancementRequest());
            }
            catch (EnhancementException e)
            {
                output.WriteLine($"{person.Key} {photos[0]}: {e.Message}");
                continue;
            }

            using (result)
            {
                rendered++;
                accepted += result.Verdict == GateVerdict.Accept ? 1 : 0;
                sources.Add(result.Decision.Scores.SourceSimilarity ?? float.NaN);
                var first = result.Attempts[0].Scores;
                output.WriteLine(
                    $"{person.Key} {photos[0]} ({source.Width}×{source.Height}): {result.Verdict} after {result.Attempts.Count} attempt(s); " +
                    $"to references {result.Decision.Scores.Identity:F3} (first attempt {first.Identity:F3}), to source {result.Decision.Scores.SourceSimilarity:F3}");
            }
        }

        sources.Sort();
        var median = sources[sources.Count / 2];
        output.WriteLine($"{accepted} of {rendered} accepted; median cosine to source {median:F3}");
        Assert.True(median >= 0.90f, $"median cosine to source {median:F3}");
        Assert.True(accepted >= 0.8 * rendered, $"{accepted} of {rendered} accepted");
    }

    /// <summary>
    /// What a user who passes the upload checks gets: every photo of a labelled person that passes all source-photo
    /// checks (in ../shared/faces, the two studio series, 7 and 4 photos; everyone else is a tight face chip the upload
    /// refuses), enhanced at Standard and gated against three of that person's other accepted photos.
    /// </summary>
    [SharedFacesFact]
    public void Standard_headshots_of_photos_the_upload_accepts_pass_the_gate_against_the_persons_other_accepted_photos()
    {
        var manifest = TestPaths.SharedFacesManifest();

        var checker = new PhotoQualityChecker();
        var accepted = new Dictionary<string, List<(string File, FaceEmbedding Embedding)>>(StringComparer.Ordinal);
        foreach (var photo in manifest.Where(p => p.Role == "identity").OrderBy(p => p.File, StringComparer.Ordinal))
        {
            using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, photo.File));
            var analysis = fixture.Analyzer.Analyze(image);
            if (checker.Check(image, analysis).Passed)
            {
                (accepted.TryGetValue(photo.Identity, out var list) ? list : accepted[photo.Identity] = []).Add((photo.File, analysis.Best!.Embedding));
            }
        }

        var enhancer = fixture.Enhancer();
        var sources = new List<float>();
        var firstAttempt = 0;
        var rendered = 0;
        foreach (var (person, photos) in accepted.Where(kv => kv.Value.Count >= 4))
        {
            for (var i = 0; i < photos.Count; i++)
            {
                var references = Enumerable.Range(1, 3).Select(k => photos[(i + k) % photos.Count].Embedding).ToList();
                using var source = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, photos[i].File));
                using var result = enhancer.Enhance(source, references, new EnhancementRequest());
                rendered++;
                firstAttempt += result.Attempts[0].Verdict == GateVerdict.Accept ? 1 : 0;
                sources.Add(result.Decision.Scores.SourceSimilarity ?? float.NaN);
                output.WriteLine($"{person} {photos[i].File}: {result.Verdict} after {result.Attempts.Count} attempt(s); to references {result.Decision.Scores.Identity:F3}, to source {result.Decision.Scores.SourceSimilarity:F3}");
            }
        }

        sources.Sort();
        output.WriteLine($"{firstAttempt} of {rendered} accepted at the first attempt; median cosine to source {sources[sources.Count / 2]:F3}");
        Assert.True(rendered >= 10, $"only {rendered} accepted photos of people with four or more");
        Assert.Equal(rendered, firstAttempt);
        Assert.True(sources[sources.Count / 2] >= 0.90f, $"median cosine to source {sources[sources.Count / 2]:F3}");
    }

    /// <summary>Rows of images, each scaled to the same height, on a white sheet.</summary>
    private static void WriteSheet(IReadOnlyList<IReadOnlyList<Image<Rgb24>>> rows, string path)
    {
        var scaled = rows.Select(r => r.Select(i => i.Clone(c => c.Resize(0, SheetRowHeight))).ToList()).ToList();
        try
        {
            const int gap = 8;
            var width = scaled.Max(r => r.Sum(i => i.Width + gap)) + gap;
            using var sheet = new Image<Rgb24>(width, (scaled.Count * (SheetRowHeight + gap)) + gap, new Rgb24(255, 255, 255));
            sheet.Mutate(c =>
            {
                for (var y = 0; y < scaled.Count; y++)
                {
                    var x = gap;
                    foreach (var image in scaled[y])
                    {
                        c.DrawImage(image, new Point(x, gap + (y * (SheetRowHeight + gap))), 1f);
                        x += image.Width + gap;
                    }
                }
            });
            sheet.SaveAsPng(path);
        }
        finally
        {
            scaled.ForEach(r => r.ForEach(i => i.Dispose()));
        }
    }
}

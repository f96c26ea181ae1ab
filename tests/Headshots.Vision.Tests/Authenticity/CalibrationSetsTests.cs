using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;

namespace Headshots.Vision.Tests.Authenticity;

public sealed class CalibrationSetsTests
{
    [Fact]
    public void Pairs_are_read_by_column_name_with_quotes_and_extra_columns()
    {
        const string Csv = "kind,file_a,file_b,same\ngenuine,\"a,1.jpg\",b.jpg,1\nimpostor,c.jpg,d.jpg,0\n";

        var pairs = CalibrationSets.ReadPairs(new StringReader(Csv));

        Assert.Equal([new LabelledPair("a,1.jpg", "b.jpg", true), new LabelledPair("c.jpg", "d.jpg", false)], pairs);
    }

    [Fact]
    public void A_missing_column_is_reported_by_name()
    {
        var e = Assert.Throws<FormatException>(() => CalibrationSets.ReadPairs(new StringReader("file_a,file_b\nx,y\n")));

        Assert.Contains("'same'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refset_round_trips_through_csv()
    {
        RefsetTrial[] trials = [new("ann", ["a1.jpg", "a2.jpg"], "a3.jpg", true), new("ann", ["a1.jpg", "a2.jpg"], "b1.jpg", false)];
        using var writer = new StringWriter();

        CalibrationSets.WriteRefset(writer, trials);
        var read = CalibrationSets.ReadRefset(new StringReader(writer.ToString()));

        Assert.Equal(2, read.Count);
        Assert.Equal(trials[0].References, read[0].References);
        Assert.Equal(("b1.jpg", false), (read[1].Candidate, read[1].Same));
    }

    [Fact]
    public void Leave_one_out_uses_other_photos_as_references_and_other_people_as_impostors()
    {
        var manifest = Enumerable.Range(1, 4).Select(i => new LabelledPhoto($"a{i}", "ann", "identity"))
            .Concat(Enumerable.Range(1, 2).Select(i => new LabelledPhoto($"b{i}", "bob", "identity")))
            .Append(new LabelledPhoto("c1", "cy", "singleton"))
            .Append(new LabelledPhoto("a1-copy", "ann", "variant"))
            .ToList();

        var trials = CalibrationSets.BuildLeaveOneOut(manifest, minPhotos: 4, referenceCount: 3);

        var genuine = trials.Where(t => t.Same).ToList();
        Assert.Equal(4, genuine.Count);
        Assert.All(genuine, t => Assert.DoesNotContain(t.Candidate, t.References));
        Assert.Equal(["a2", "a3", "a4"], genuine[0].References);
        Assert.Equal(4 * 3, trials.Count(t => !t.Same)); // b1, b2, c1 against each of ann's four reference sets
        Assert.DoesNotContain(trials, t => t.Candidate == "a1-copy");
    }

    [Fact]
    public void Refset_evaluation_scores_against_the_mean_of_references_and_counts_missing_faces_as_non_matches()
    {
        var x = Embedding(1, 0, 0);
        var y = Embedding(0, 1, 0);
        var xy = Embedding(1, 1, 0);
        var other = Embedding(0, 0, 1);
        var embeddings = new Dictionary<string, FaceEmbedding?> { ["r1"] = x, ["r2"] = y, ["same"] = xy, ["other"] = other, ["noface"] = null };
        RefsetTrial[] trials =
        [
            new("u", ["r1", "r2"], "same", true),
            new("u", ["r1", "r2"], "noface", true),
            new("u", ["r1", "r2"], "other", false),
        ];

        var r = GateEvaluation.EvaluateRefset(trials, f => embeddings[f], GateThresholds.Default);

        Assert.Equal(1, r.Scores[0], 5);
        Assert.Equal(GateEvaluation.NoFaceScore, r.Scores[1]);
        Assert.Equal(FaceEmbedding.Mean([x, y]).Similarity(other), r.Scores[2], 5);
        Assert.True(r.Scores[2] < 0);
        Assert.Equal((3, 2, 1), (r.Trials, r.Genuine, r.Impostor));
        Assert.Equal(0.5, r.Fnmr);
        Assert.Equal(0, r.Fmr);
    }

    /// <summary>An embedding whose two parts both start with <paramref name="head"/> (the rest zero).</summary>
    private static FaceEmbedding Embedding(params float[] head)
    {
        var feature = new float[FaceEmbedding.FeatureLength];
        var descriptor = new float[FaceEmbedding.DescriptorLength];
        head.CopyTo(feature, 0);
        head.CopyTo(descriptor, 0);
        return FaceEmbedding.Combine(feature, descriptor);
    }
}

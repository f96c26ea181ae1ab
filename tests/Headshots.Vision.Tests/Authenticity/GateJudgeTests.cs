using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Authenticity;

/// <summary>
/// The what-if preview re-decides stored measurements with <see cref="AuthenticityGate.Judge"/>. These tests run the
/// live gate on real images and check that judging its recorded scores (also after the JSON round trip the web app
/// stores them through) gives exactly the live verdict and reasons, under the defaults and under other thresholds.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class GateJudgeTests(FaceModelsFixture fixture)
{
    private static readonly JsonSerializerOptions StoredJson = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly GateThresholds[] OtherSettings =
    [
        GateThresholds.Default with { AcceptAt = 0.97f, ReviewFrom = 0.92f },
        GateThresholds.Default with { AcceptAt = 0.2f, ReviewFrom = 0.1f, SkinToneReviewDeltaE = 1, SkinToneRejectDeltaE = 2 },
        GateThresholds.Default with { GeometryReviewChange = 0.01f, GeometryRejectChange = 0.05f, SkinToneReviewDeltaE = 70, SkinToneRejectDeltaE = 90 },
    ];

    [Fact]
    public void Judging_recorded_scores_gives_the_live_decision_under_any_thresholds()
    {
        using var source = FaceModelsFixture.LoadAsset("lenna.png");
        using var jpeg = Edits.Jpeg(source, 30);
        using var tinted = Edits.Tint(source, 0.55f, 1.0f, 1.6f);
        using var stretched = Edits.Stretch(source, 1.3f);
        using var twice = Edits.SideBySide(source);
        using var blank = new Image<Rgb24>(512, 512, new Rgb24(90, 120, 160));
        var references = new List<FaceEmbedding> { fixture.Analyzer.EmbedBestFace(source)! };
        var gate = new AuthenticityGate(fixture.Analyzer, []);
        var cases = new (string Name, Image<Rgb24> Candidate, Image<Rgb24>? Source)[]
        {
            ("jpeg", jpeg, source), ("tint", tinted, source), ("stretch", stretched, source), ("two faces", twice, source),
            ("no face in output", blank, source), ("no source", jpeg, null), ("no face in source", jpeg, blank),
        };
        var verdictsSeen = new HashSet<GateVerdict>();
        var checksSeen = new HashSet<GateCheck>();

        foreach (var (name, candidate, sourceImage) in cases)
        {
            var live = gate.Decide(references, candidate, sourceImage, GateThresholds.Default);
            var stored = JsonSerializer.Deserialize<GateScores>(JsonSerializer.Serialize(live.Scores, StoredJson), StoredJson)!;
            AssertSame(name, live, AuthenticityGate.Judge(live.Scores, GateThresholds.Default));
            AssertSame(name + " (stored)", live, AuthenticityGate.Judge(stored, GateThresholds.Default));
            verdictsSeen.Add(live.Verdict);
            checksSeen.UnionWith(live.Reasons.Select(r => r.Check));

            foreach (var other in OtherSettings)
            {
                var liveOther = gate.Decide(references, candidate, sourceImage, other);
                AssertSame($"{name} at {other}", liveOther, AuthenticityGate.Judge(stored, other));
                verdictsSeen.Add(liveOther.Verdict);
            }
        }

        // The cases must exercise every verdict and every check, or the equality above proves little.
        Assert.Equal(Enum.GetValues<GateVerdict>().ToHashSet(), verdictsSeen);
        Assert.Equal(Enum.GetValues<GateCheck>().ToHashSet(), checksSeen);
    }

    [Fact]
    public void A_prominent_face_ratio_above_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => (GateThresholds.Default with { ProminentFaceAreaRatio = 1.5f }).Validate());
        Assert.Throws<ArgumentException>(() => (GateThresholds.Default with { ProminentFaceAreaRatio = 0 }).Validate());
    }

    private static void AssertSame(string name, GateDecision live, GateJudgement judged)
    {
        Assert.True(live.Verdict == judged.Verdict, $"{name}: live {live.Verdict}, judged {judged.Verdict}");
        Assert.Equal(live.Reasons, judged.Reasons);
    }
}

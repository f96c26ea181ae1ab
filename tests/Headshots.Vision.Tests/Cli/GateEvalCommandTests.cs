using System.Text.Json;
using Headshots.Cli;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Tests.Cli;

/// <summary><c>headshots gate eval</c> prints exactly one JSON object with the promised fields.</summary>
[Collection(FaceModelsGroup.Name)]
public sealed class GateEvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gate-eval-").FullName;

    [Fact]
    public async Task Pairs_eval_prints_one_json_object_with_every_field()
    {
        using (var lenna = FaceModelsFixture.LoadAsset("lenna.png"))
        {
            await lenna.SaveAsPngAsync(Path.Combine(_dir, "a.png"));
            using var flipped = lenna.Clone(c => c.Flip(FlipMode.Horizontal));
            await flipped.SaveAsPngAsync(Path.Combine(_dir, "b.png"));
        }

        using (var man = FaceModelsFixture.FacematchTile(0, 0))
        {
            await man.SaveAsPngAsync(Path.Combine(_dir, "c.png"));
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "pairs.csv"), "file_a,file_b,same,kind\na.png,b.png,1,x\na.png,c.png,0,x\nb.png,c.png,0,x\n");
        var scores = Path.Combine(_dir, "scores.csv");

        var json = await RunAsync("--images", _dir, "--pairs", Path.Combine(_dir, "pairs.csv"), "--scores", scores, "--models", TestPaths.ModelsDir);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var field in new[] { "images", "facesFound", "pairs", "genuine", "impostor", "auc", "eer", "eerThreshold", "fnmrAtFmr1", "fnmrAtFmr01", "thresholds" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(3, root.GetProperty("images").GetInt32());
        Assert.Equal(3, root.GetProperty("facesFound").GetInt32());
        Assert.Equal((1, 2), (root.GetProperty("genuine").GetInt32(), root.GetProperty("impostor").GetInt32()));
        Assert.Equal(1.0, root.GetProperty("auc").GetDouble());
        Assert.Equal(13, root.GetProperty("thresholds").GetArrayLength());
        Assert.Equal(4, (await File.ReadAllLinesAsync(scores)).Length);

        // The two lenna photos pass the upload's face checks; the 80-px screenshot tile is too small. So the face-checked
        // pairs are one genuine and no impostor pair: nothing to measure, said with nulls instead of failing the run.
        var faceChecked = root.GetProperty("faceChecked");
        Assert.Equal(2, faceChecked.GetProperty("photosPassing").GetInt32());
        Assert.Equal((1, 0), (faceChecked.GetProperty("genuine").GetInt32(), faceChecked.GetProperty("impostor").GetInt32()));
        Assert.Equal(JsonValueKind.Null, faceChecked.GetProperty("fnmrAtFmr01").ValueKind);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<string> RunAsync(params string[] args)
    {
        var previous = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            Assert.Equal(0, await GateCommands.Eval(args));
        }
        finally
        {
            Console.SetOut(previous);
        }

        return captured.ToString();
    }
}

using System.Text.Json;
using Headshots.Cli;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;

namespace Headshots.Vision.Tests.Cli;

/// <summary>
/// <c>faces analyze</c> and <c>gate compare</c> read images through the upload loader: a file it refuses becomes a
/// per-file error in the JSON with the loader's message, never a crash.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class ImageCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("image-commands-").FullName;

    [Fact]
    public async Task Faces_analyze_reports_a_cut_off_jpeg_in_its_place_and_analyses_the_rest()
    {
        var lenna = TestPaths.RequireTestAsset("lenna.png");
        var cutOff = await WriteCutOffJpegAsync();

        var (code, json) = await RunAsync(FacesCommands.Analyze, cutOff, lenna, "--models", TestPaths.ModelsDir);

        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(json);
        var results = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(cutOff, results[0].GetProperty("image").GetString());
        Assert.Equal("incomplete", results[0].GetProperty("error").GetString());
        Assert.Contains("incomplete", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, results[1].GetProperty("faces").GetArrayLength());
        Assert.Equal(0, results[1].GetProperty("notFaces").GetArrayLength());
        Assert.True(results[1].GetProperty("quality").GetProperty("passed").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    [Fact]
    public async Task Gate_compare_prints_a_verdict_and_reports_a_refused_candidate_as_an_error()
    {
        var lenna = TestPaths.RequireTestAsset("lenna.png");
        var cutOff = await WriteCutOffJpegAsync();

        var (okCode, okJson) = await RunAsync(GateCommands.Compare, "--reference", lenna, "--candidate", lenna, "--source", lenna, "--models", TestPaths.ModelsDir);
        var (badCode, badJson) = await RunAsync(GateCommands.Compare, "--reference", lenna, "--candidate", cutOff, "--models", TestPaths.ModelsDir);

        Assert.Equal(0, okCode);
        using (var doc = JsonDocument.Parse(okJson))
        {
            var root = doc.RootElement;
            Assert.Equal("accept", root.GetProperty("verdict").GetString());
            Assert.True(root.GetProperty("scores").GetProperty("identity").GetDouble() > 0.99);
            Assert.NotEqual(0, root.GetProperty("reasons").GetArrayLength());
            Assert.Contains(root.GetProperty("models").EnumerateArray(), m => m.GetProperty("id").GetString() == "dlib_resnet");
            Assert.Equal(GateThresholds.Default.Version, root.GetProperty("thresholds").GetProperty("version").GetInt32());
        }

        Assert.Equal(1, badCode);
        using (var doc = JsonDocument.Parse(badJson))
        {
            var error = doc.RootElement.GetProperty("error");
            Assert.Equal(cutOff, error.GetProperty("image").GetString());
            Assert.Equal("incomplete", error.GetProperty("error").GetString());
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Json)> RunAsync(Func<string[], Task<int>> command, params string[] args)
    {
        var previous = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var code = await command(args);
            return (code, captured.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    private async Task<string> WriteCutOffJpegAsync()
    {
        using var lenna = FaceModelsFixture.LoadAsset("lenna.png");
        using var jpeg = new MemoryStream();
        await lenna.SaveAsJpegAsync(jpeg);
        var path = Path.Combine(_dir, "cut-off.jpg");
        await File.WriteAllBytesAsync(path, jpeg.ToArray().AsMemory(0, (int)jpeg.Length / 2));
        return path;
    }
}

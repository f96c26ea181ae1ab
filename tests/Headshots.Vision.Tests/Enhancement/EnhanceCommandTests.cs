using System.Text;
using System.Text.Json;
using Headshots.Cli;
using Headshots.Vision.Tests.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>
/// <c>headshots enhance</c> and <c>headshots styles</c>. In the face-models collection because they capture the process-wide
/// console, as the gate CLI tests there do, so they never run at the same time.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class EnhanceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("enhance-cli-").FullName;

    [Fact]
    public async Task Enhance_writes_the_named_jpeg_and_prints_one_json_object_per_input()
    {
        foreach (var id in EnhancementFixture.EnhancementModelIds)
        {
            TestPaths.RequireModel(id);
        }

        var lenna = TestPaths.RequireTestAsset("lenna.png");
        var (code, json) = await RunAsync(EnhanceCommands.Enhance, "--style", "corporate-navy", "--intensity", "light", "--out", _dir, "--models", TestPaths.ModelsDir, "--threads", "2", lenna);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var result = Assert.Single(doc.RootElement.EnumerateArray());
        foreach (var field in new[] { "input", "output", "width", "height", "style", "intensity", "verdict", "identityToSource", "identityToReferences", "attempts", "stageMs", "totalMs" })
        {
            Assert.True(result.TryGetProperty(field, out _), $"missing {field}");
        }

        var output = result.GetProperty("output").GetString()!;
        Assert.Equal(Path.Combine(_dir, "lenna.corporate-navy.light.jpg"), output);
        Assert.Equal("accept", result.GetProperty("verdict").GetString());
        Assert.True(result.GetProperty("identityToSource").GetSingle() >= 0.9f);
        var attempt = result.GetProperty("attempts")[0];
        Assert.Equal(1, attempt.GetProperty("strength").GetSingle());
        Assert.Equal("accept", attempt.GetProperty("verdict").GetString());
        Assert.True(result.GetProperty("stageMs").TryGetProperty("gate", out _));

        using var written = Image.Load<Rgb24>(output);
        Assert.Equal((result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32()), (written.Width, written.Height));
        Assert.Contains("algorithmicallyEnhanced", Encoding.UTF8.GetString(written.Metadata.XmpProfile!.ToByteArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Styles_lists_at_least_five_styles_with_three_intensities_each()
    {
        var (code, json) = await RunAsync(EnhanceCommands.Styles);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var styles = doc.RootElement.EnumerateArray().ToList();
        Assert.True(styles.Count >= 5);
        Assert.All(styles, s => Assert.Equal(["light", "standard", "polished"], s.GetProperty("intensities").EnumerateArray().Select(i => i.GetProperty("name").GetString())));
        Assert.Contains(styles, s => s.GetProperty("aspect").GetString() == "1:1");
        Assert.Contains(styles, s => s.GetProperty("aspect").GetString() == "4:5");
    }

    [Fact]
    public async Task An_unknown_style_is_a_usage_error()
    {
        var e = await Assert.ThrowsAsync<CliUsageException>(() => EnhanceCommands.Enhance(["--style", "glamour", "--out", _dir, "x.jpg"]));

        Assert.Contains("studio-grey", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Output)> RunAsync(Func<string[], Task<int>> command, params string[] args)
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
}

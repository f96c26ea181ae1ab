using System.Text.Json;
using Headshots.Cli;
using Headshots.Vision.Onnx;
using Headshots.Vision.Tests.Onnx;

namespace Headshots.Vision.Tests.Cli;

[CollectionDefinition(nameof(ConsoleOutputTests), DisableParallelization = true)]
public sealed class ConsoleOutputTests;

/// <summary>The CLI writes to the process console, so these tests run alone.</summary>
[Collection(nameof(ConsoleOutputTests))]
public sealed class ModelsCommandsTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("headshots-cli-").FullName;
    private readonly byte[] _relu = OnnxGraphs.Relu(5);

    public ModelsCommandsTests()
    {
        TensorSpec[] inputs = [new() { Name = "input", Type = "float32", Shape = [TensorDimension.Fixed(1), TensorDimension.Fixed(5)] }];
        TensorSpec[] outputs = [new() { Name = "output", Type = "float32", Shape = [TensorDimension.Fixed(1), TensorDimension.Fixed(5)] }];
        File.WriteAllText(Path.Combine(_models, "manifest.json"), ModelCheckTests.Manifest(ModelCheckTests.Entry("relu", _relu, inputs, outputs)).ToJson());
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);

    [Fact]
    public async Task Verify_exits_zero_when_every_model_matches_and_one_naming_the_fix_when_one_is_missing()
    {
        await File.WriteAllBytesAsync(Path.Combine(_models, "relu.onnx"), _relu);
        var (healthyCode, healthyOutput) = await RunAsync(["--models-dir", _models]);
        File.Delete(Path.Combine(_models, "relu.onnx"));
        var (missingCode, missingOutput) = await RunAsync(["--models-dir", _models]);

        Assert.Equal(0, healthyCode);
        Assert.Contains("All 1 models are present and match the manifest.", healthyOutput, StringComparison.Ordinal);
        Assert.Equal(1, missingCode);
        Assert.Contains($"Model relu is missing: {Path.Combine(_models, "relu.onnx")} does not exist. Fix: run scripts/headshots models fetch", missingOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_json_reports_each_model_status()
    {
        await File.WriteAllBytesAsync(Path.Combine(_models, "relu.onnx"), _relu[..20]);

        var (code, output) = await RunAsync(["--models-dir", _models, "--json"]);

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal("relu", model.GetProperty("id").GetString());
        Assert.Equal("checksumMismatch", model.GetProperty("status").GetString());
    }

    private static async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            return (await ModelsCommands.VerifyAsync(args), captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}

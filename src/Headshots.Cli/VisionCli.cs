using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Cli;

/// <summary>What the faces and gate commands share: model loading, image loading and JSON output.</summary>
internal static class VisionCli
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Loads the face models from <c>--models</c> (default <c>models/</c>) with <c>--threads</c> intra-op threads.</summary>
    public static FaceModels LoadModels(CliArgs args)
    {
        var directory = args.Optional("models") ?? "models";
        var threads = ParseInt(args.Optional("threads") ?? "0", "threads");
        return FaceModels.Load(directory, new OnnxSessionOptions { IntraOpThreads = threads });
    }

    /// <summary>sha256 of each model file, computed once per process for the decision record.</summary>
    public static IReadOnlyList<ModelFingerprint> Fingerprints(FaceModels models) =>
        models.All.Select(m =>
        {
            using var stream = File.OpenRead(m.Path);
            return new ModelFingerprint(m.Id, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }).ToList();

    public static Image<Rgb24> LoadImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"Image not found: {path}.");
        }

        return Image.Load<Rgb24>(path);
    }

    public static int ParseInt(string value, string option) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new CliUsageException($"--{option} must be a non-negative whole number.");

    public static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));
}

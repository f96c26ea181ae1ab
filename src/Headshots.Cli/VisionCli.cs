using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Vision.Onnx;

namespace Headshots.Cli;

/// <summary>What the faces and gate commands share: model loading, image loading and JSON output.</summary>
internal static class VisionCli
{
    private static readonly SafeImageLoader Loader = new();

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

    /// <summary>
    /// Reads an image file through the loader that checks uploads (format sniffing, byte and pixel limits, cut-off files,
    /// EXIF orientation, metadata dropped), so the CLI sees exactly what the app would.
    /// </summary>
    /// <exception cref="ImageFileException">The file is missing or the loader refused it.</exception>
    public static LoadedImage LoadImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImageFileException(new ImageFileError(path, "notFound", $"Image not found: {path}."));
        }

        try
        {
            return Loader.Load(File.ReadAllBytes(path));
        }
        catch (ImageRejectedException e)
        {
            throw new ImageFileException(new ImageFileError(path, JsonNamingPolicy.CamelCase.ConvertName(e.Reason.ToString()), e.Message));
        }
    }

    public static int ParseInt(string value, string option) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new CliUsageException($"--{option} must be a non-negative whole number.");

    public static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));
}

/// <summary>An image file a command could not use, as it appears in the command's JSON.</summary>
internal sealed record ImageFileError(string Image, string Error, string Message);

/// <summary>Carries an <see cref="ImageFileError"/> to the command, which reports it per file instead of stopping.</summary>
internal sealed class ImageFileException(ImageFileError error) : Exception(error.Message)
{
    public ImageFileError Error { get; } = error;
}

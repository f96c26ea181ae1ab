using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Vision.Onnx;

namespace Headshots.Cli;

/// <summary><c>headshots enhance</c> and <c>headshots styles</c>: the same pipeline and gate the web jobs run.</summary>
internal static class EnhanceCommands
{
    private const string Usage =
        "Usage: headshots enhance [--style NAME] [--intensity light|standard|polished] [--reference R ...] --out DIR [--png] " +
        "[--config enhancement.json] [--models DIR] [--threads N] IMAGE...";

    private static readonly HashSet<string> References = new(StringComparer.Ordinal) { "reference" };
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "png" };

    public static Task<int> Styles(string[] arguments)
    {
        _ = new CliArgs(arguments);
        VisionCli.Print(HeadshotStyles.All.Select(s => new
        {
            name = s.Name,
            description = s.Description,
            aspect = s.Composition.Aspect == 1 ? "1:1" : "4:5",
            background = s.Background,
            intensities = Enum.GetValues<Intensity>().Select(i => new { name = i, strengths = HeadshotStyles.Strengths(i) }),
        }));
        return Task.FromResult(0);
    }

    public static Task<int> Enhance(string[] arguments)
    {
        var args = new CliArgs(arguments, Flags, References);
        if (args.Positionals.Count == 0 || args.Optional("out") is not { } outDir)
        {
            throw new CliUsageException(Usage);
        }

        HeadshotStyle style;
        Intensity intensity;
        try
        {
            style = HeadshotStyles.Find(args.Optional("style") ?? HeadshotStyles.Default.Name);
            intensity = HeadshotStyles.ParseIntensity(args.Optional("intensity") ?? nameof(Intensity.Standard));
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        var options = args.Optional("config") is { } config ? EnhancementOptions.FromJson(File.ReadAllText(config)) : new EnhancementOptions();
        var format = args.Flag("png") ? HeadshotFormat.Png : HeadshotFormat.Jpeg;
        using var faceModels = VisionCli.LoadModels(args);
        using var models = EnhancementModels.Load(
            args.Optional("models") ?? "models",
            options,
            new OnnxSessionOptions { IntraOpThreads = VisionCli.ParseInt(args.Optional("threads") ?? "0", "threads") });
        var analyzer = new FaceAnalyzer(faceModels);
        var enhancer = new HeadshotEnhancer(analyzer, new AuthenticityGate(analyzer, VisionCli.Fingerprints(faceModels)), models, options);

        var references = new List<FaceEmbedding>();
        foreach (var path in args.All("reference"))
        {
            using var reference = Load(path);
            references.Add(analyzer.EmbedBestFace(reference.Image) ?? throw new CliUsageException($"No face found in reference photo {path}."));
        }

        Directory.CreateDirectory(outDir);
        var request = new EnhancementRequest { Style = style, Intensity = intensity };
        var results = new List<object>();
        var failed = false;
        foreach (var path in args.Positionals)
        {
            using var photo = Load(path);
            EnhancementResult result;
            try
            {
                result = enhancer.Enhance(photo.Image, references.Count > 0 ? references : null, request);
            }
            catch (EnhancementException e)
            {
                results.Add(new { input = path, error = e.Message });
                failed = true;
                continue;
            }

            using (result)
            {
                string? output = null;
                if (result.Output is not null)
                {
                    var extension = format == HeadshotFormat.Png ? "png" : "jpg";
                    output = Path.Combine(outDir, $"{Path.GetFileNameWithoutExtension(path)}.{style.Name}.{intensity.ToString().ToLowerInvariant()}.{extension}");
                    File.WriteAllBytes(output, result.Encode(format));
                }

                failed |= !result.Passed;
                results.Add(new
                {
                    input = path,
                    output,
                    width = result.Output?.Width,
                    height = result.Output?.Height,
                    style = style.Name,
                    intensity,
                    verdict = result.Verdict,
                    identityToSource = result.Decision.Scores.SourceSimilarity,
                    identityToReferences = result.Decision.Scores.Identity,
                    attempts = result.Attempts.Select(a => new
                    {
                        number = a.Number,
                        strength = a.Strength,
                        strengths = a.Strengths,
                        verdict = a.Verdict,
                        identity = a.Scores.Identity,
                        sourceSimilarity = a.Scores.SourceSimilarity,
                        skinToneDeltaE = a.Scores.SkinToneDeltaE,
                        geometryChange = a.Scores.GeometryChange,
                        reasons = a.Reasons.Select(r => r.Message),
                        stageMs = Rounded(a.StageMs),
                    }),
                    stageMs = Rounded(result.StageMs),
                    totalMs = Math.Round(result.TotalMs, 1),
                    notes = result.Notes,
                });
            }
        }

        VisionCli.Print(results);

        // 0: every input passed the gate; 1: at least one needs review, was rejected or had no face.
        return Task.FromResult(failed ? 1 : 0);
    }

    private static LoadedImage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"Image not found: {path}.");
        }

        try
        {
            return new SafeImageLoader().Load(File.ReadAllBytes(path));
        }
        catch (ImageRejectedException e)
        {
            throw new CliUsageException($"{path}: {e.Message}");
        }
    }

    private static Dictionary<string, double> Rounded(IReadOnlyDictionary<string, double> stageMs) =>
        stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1), StringComparer.Ordinal);
}

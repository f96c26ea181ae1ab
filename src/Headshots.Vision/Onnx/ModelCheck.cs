using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Headshots.Vision.Onnx;

public enum ModelStatus
{
    Ok,
    Missing,
    ChecksumMismatch,
    InputOutputMismatch,
    LoadFailed,
}

/// <summary>The verdict on one model file. <see cref="Message"/> is meant for an operator: it names the file and the fix.</summary>
public sealed record ModelCheckResult
{
    public required string Id { get; init; }

    public required string Path { get; init; }

    public required ModelStatus Status { get; init; }

    public required string Message { get; init; }

    public required string ExpectedSha256 { get; init; }

    public string? ActualSha256 { get; init; }

    /// <summary>Every difference found (hash, inputs, outputs), so a swapped file shows both its hash and its shape problems.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool IsOk => Status == ModelStatus.Ok;
}

public sealed record ModelCheckReport(IReadOnlyList<ModelCheckResult> Models)
{
    public bool IsHealthy => Models.All(m => m.IsOk);

    public string Summary => IsHealthy
        ? $"All {Models.Count} models are present and match the manifest."
        : $"{Models.Count(m => !m.IsOk)} of {Models.Count} models are unusable: {string.Join(", ", Models.Where(m => !m.IsOk).Select(m => m.Id))}. Fix: run {ModelCheck.FixCommand}";
}

/// <summary>
/// Start-up and <c>headshots models verify</c> check: every manifest model is present, has the pinned sha256, loads in ONNX
/// Runtime, and declares exactly the input/output names, element types and shapes the manifest (and so the code) expects.
/// </summary>
public static class ModelCheck
{
    public const string FixCommand = "scripts/headshots models fetch";

    /// <summary>Checks every model and closes the sessions again; use <see cref="ModelCatalog.Open"/> to keep them.</summary>
    public static ModelCheckReport Run(ModelManifest manifest, ModelLocations locations, OnnxSessionOptions? options = null)
    {
        using var catalog = ModelCatalog.Open(manifest, locations, options ?? new OnnxSessionOptions { IntraOpThreads = 1 });
        return catalog.Report;
    }

    /// <summary>Checks one file; on success the loaded model is handed to the caller, who owns it.</summary>
    internal static ModelCheckResult Check(ModelEntry entry, string path, OnnxSessionOptions options, out OnnxModel? model)
    {
        model = null;
        if (!File.Exists(path))
        {
            return Result(entry, path, ModelStatus.Missing, null, [$"{path} does not exist"]);
        }

        string actualSha;
        try
        {
            actualSha = Sha256Hex.OfFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(entry, path, ModelStatus.LoadFailed, null, [$"it cannot be read ({e.Message})"]);
        }

        var problems = new List<string>();
        if (actualSha != entry.OnnxSha256)
        {
            problems.Add($"sha256 is {actualSha}, expected {entry.OnnxSha256} (truncated, corrupted or a different model)");
        }

        OnnxModel loaded;
        try
        {
            loaded = OnnxModel.Load(entry.Id, path, options);
        }
        catch (OnnxRuntimeException e)
        {
            problems.Add($"ONNX Runtime cannot load it ({FirstLine(e.Message)})");
            return Result(entry, path, problems.Count > 1 ? ModelStatus.ChecksumMismatch : ModelStatus.LoadFailed, actualSha, problems);
        }

        var ioProblems = CompareInputsOutputs(entry, loaded.Session);
        problems.AddRange(ioProblems);
        if (problems.Count > 0)
        {
            loaded.Dispose();
            var status = actualSha != entry.OnnxSha256 ? ModelStatus.ChecksumMismatch : ModelStatus.InputOutputMismatch;
            return Result(entry, path, status, actualSha, problems);
        }

        model = loaded;
        return Result(entry, path, ModelStatus.Ok, actualSha, []);
    }

    /// <summary>Differences between the manifest's tensors and the session's, by name; order does not matter as inputs are bound by name.</summary>
    public static IReadOnlyList<string> CompareInputsOutputs(ModelEntry entry, InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(session);
        return [.. Compare("input", entry.Inputs, session.InputMetadata), .. Compare("output", entry.Outputs, session.OutputMetadata)];
    }

    private static IEnumerable<string> Compare(string kind, IReadOnlyList<TensorSpec> expected, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var metadata))
            {
                yield return $"{kind} '{spec.Name}' is missing (the model has {string.Join(", ", actual.Keys.Select(k => $"'{k}'"))})";
                continue;
            }

            var found = Describe(spec.Name, metadata);
            if (found.Type != spec.Type || found.Shape.Count != spec.Shape.Count || !spec.Shape.Zip(found.Shape).All(p => p.First.Matches(p.Second)))
            {
                yield return $"{kind} {spec} expected, found {found}";
            }
        }

        foreach (var name in actual.Keys.Where(n => expected.All(s => s.Name != n)))
        {
            yield return $"unexpected {kind} {Describe(name, actual[name])}";
        }
    }

    private static TensorSpec Describe(string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return new TensorSpec { Name = name, Type = metadata.OnnxValueType.ToString(), Shape = [] };
        }

        var shape = metadata.Dimensions
            .Select((size, i) => size >= 0 ? TensorDimension.Fixed(size) : TensorDimension.Dynamic(metadata.SymbolicDimensions.ElementAtOrDefault(i)))
            .ToList();
        return new TensorSpec { Name = name, Type = ElementTypeName(metadata.ElementDataType), Shape = shape };
    }

    /// <summary>ONNX's own element type names, in lower case, as the manifest writes them.</summary>
    public static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static ModelCheckResult Result(ModelEntry entry, string path, ModelStatus status, string? actualSha, IReadOnlyList<string> problems)
    {
        var message = status switch
        {
            ModelStatus.Ok => $"Model {entry.Id} ({path}) is present and matches the manifest.",
            ModelStatus.Missing => $"Model {entry.Id} is missing: {path} does not exist. Fix: run {FixCommand}",
            _ => $"Model {entry.Id} ({path}) is unusable: {string.Join("; ", problems)}. Fix: run {FixCommand}",
        };
        return new ModelCheckResult
        {
            Id = entry.Id,
            Path = path,
            Status = status,
            Message = message,
            ExpectedSha256 = entry.OnnxSha256,
            ActualSha256 = actualSha,
            Problems = problems,
        };
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? string.Create(CultureInfo.InvariantCulture, $"{line[..300]}…") : line;
    }
}

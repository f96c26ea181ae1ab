using System.Text.Json;
using System.Text.Json.Serialization;

namespace Headshots.Vision.Onnx;

/// <summary>
/// <c>models/manifest.json</c>: which package file each model comes from, the hashes that pin it, its licences
/// and the input/output layout the code expects. It is the single source of truth for fetch, verify and start-up checks.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<ModelEntry> Models { get; init; }

    public IReadOnlyList<TestAssetEntry> TestAssets { get; init; } = [];

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
    };

    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelManifestException($"Model manifest not found at {path}.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ModelManifest Parse(string json, string origin = "manifest")
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelManifestException($"{origin} is not a valid model manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelManifestException($"{origin} is empty.");
        }

        manifest.Validate(origin);
        return manifest;
    }

    public ModelEntry Find(string id) =>
        Models.FirstOrDefault(m => m.Id == id) ?? throw new KeyNotFoundException($"The model manifest has no model '{id}'.");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private void Validate(string origin)
    {
        var problems = new List<string>();
        if (SchemaVersion != CurrentSchemaVersion)
        {
            problems.Add($"schemaVersion is {SchemaVersion}; this build reads {CurrentSchemaVersion}");
        }

        foreach (var duplicate in Models.GroupBy(m => m.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"model id '{duplicate.Key}' appears more than once");
        }

        foreach (var duplicate in TestAssets.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"test asset '{duplicate.Key}' appears more than once");
        }

        foreach (var model in Models)
        {
            // Ids and asset names become file names, so they are held to a plain alphabet.
            if (!IsSafeFileStem(model.Id))
            {
                problems.Add($"model id '{model.Id}' must use only letters, digits, '_', '-' and '.'");
            }

            if (!ModelConverters.KnownNames.Contains(model.Converter))
            {
                problems.Add($"model '{model.Id}': converter '{model.Converter}' is not one of {string.Join(", ", ModelConverters.KnownNames)}");
            }

            foreach (var rewrite in model.Rewrites.Where(r => !Importers.OnnxRewrites.KnownNames.Contains(r)))
            {
                problems.Add($"model '{model.Id}': rewrite '{rewrite}' is not one of {string.Join(", ", Importers.OnnxRewrites.KnownNames)}");
            }

            if (model.Source.Files.Count == 0)
            {
                problems.Add($"model '{model.Id}': source.files is empty");
            }

            if (model.Converter == ModelConverters.None && model.Source.Files.Count != 1)
            {
                problems.Add($"model '{model.Id}': converter 'none' takes exactly one source file");
            }

            if (!Sha256Hex.IsValid(model.OnnxSha256))
            {
                problems.Add($"model '{model.Id}': onnxSha256 is not 64 lowercase hex digits");
            }

            foreach (var file in model.Source.Files)
            {
                problems.AddRange(ValidateSourceFile($"model '{model.Id}'", file.Path, file.Sha256));
                if (file.Offset is < 0 || file.Length is <= 0 || (file.Offset is null) != (file.Length is null))
                {
                    problems.Add($"model '{model.Id}': {file.Path} needs both offset (>= 0) and length (> 0), or neither");
                }
            }
        }

        foreach (var asset in TestAssets)
        {
            if (!IsSafeFileStem(asset.Name))
            {
                problems.Add($"test asset name '{asset.Name}' must use only letters, digits, '_', '-' and '.'");
            }

            problems.AddRange(ValidateSourceFile($"test asset '{asset.Name}'", asset.Path, asset.Sha256));
        }

        if (problems.Count > 0)
        {
            throw new ModelManifestException($"{origin} is invalid: {string.Join("; ", problems)}.");
        }
    }

    private static IEnumerable<string> ValidateSourceFile(string owner, string path, string sha256)
    {
        if (!PackageTarball.IsSafeEntryPath(path))
        {
            yield return $"{owner}: path '{path}' must be a relative path inside the package without '..'";
        }

        if (!Sha256Hex.IsValid(sha256))
        {
            yield return $"{owner}: sha256 of {path} is not 64 lowercase hex digits";
        }
    }

    private static bool IsSafeFileStem(string name) =>
        name.Length is > 0 and <= 100
        && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

public sealed record ModelEntry
{
    public required string Id { get; init; }

    public required string Role { get; init; }

    public required ModelSource Source { get; init; }

    /// <summary><c>none</c> for files that are ONNX already; otherwise the importer that turns the source files into ONNX.</summary>
    public required string Converter { get; init; }

    /// <summary>Exact graph rewrites applied after conversion, in order (see <c>OnnxRewrites</c>); empty for none.</summary>
    public IReadOnlyList<string> Rewrites { get; init; } = [];

    /// <summary>sha256 of the ONNX file written to <c>models/&lt;id&gt;.onnx</c> (equal to the source hash when nothing is converted or rewritten).</summary>
    public required string OnnxSha256 { get; init; }

    public required ModelLicense License { get; init; }

    public required IReadOnlyList<TensorSpec> Inputs { get; init; }

    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    public string FileName => $"{Id}.onnx";
}

public sealed record ModelSource
{
    /// <summary>npm package name, scoped or not.</summary>
    public required string Package { get; init; }

    public required string Version { get; init; }

    public required IReadOnlyList<SourceFile> Files { get; init; }
}

/// <summary>One file inside the package tarball; <see cref="Sha256"/> is of the whole file, before any byte range is taken.</summary>
public sealed record SourceFile
{
    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public long? Offset { get; init; }

    public long? Length { get; init; }
}

public sealed record ModelLicense
{
    public required string Package { get; init; }

    public required string Weights { get; init; }

    public required string TrainingData { get; init; }
}

public sealed record TensorSpec
{
    public required string Name { get; init; }

    /// <summary>ONNX element type in lower case: <c>float32</c>, <c>int64</c>, <c>uint8</c>, …</summary>
    public required string Type { get; init; }

    public required IReadOnlyList<TensorDimension> Shape { get; init; }

    public override string ToString() => $"'{Name}' {Type}[{string.Join(",", Shape)}]";
}

/// <summary>One dimension of a tensor shape: a fixed size, or dynamic (written as -1 or as its symbolic name).</summary>
[JsonConverter(typeof(TensorDimensionJsonConverter))]
public readonly record struct TensorDimension
{
    private TensorDimension(long size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or -1 when the dimension is dynamic.</summary>
    public long Size { get; }

    public string? Symbol { get; }

    public bool IsDynamic => Size < 0;

    public static TensorDimension Fixed(long size) =>
        size >= 0 ? new TensorDimension(size, null) : throw new ArgumentOutOfRangeException(nameof(size));

    public static TensorDimension Dynamic(string? symbol = null) =>
        new(-1, string.IsNullOrEmpty(symbol) ? null : symbol);

    /// <summary>A dynamic expectation accepts any dynamic dimension; names are documentation, not constraints.</summary>
    public bool Matches(TensorDimension actual) => IsDynamic ? actual.IsDynamic : !actual.IsDynamic && actual.Size == Size;

    public override string ToString() => IsDynamic ? Symbol ?? "-1" : Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class TensorDimensionJsonConverter : JsonConverter<TensorDimension>
{
    public override TensorDimension Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var size) && size >= -1 =>
                size == -1 ? TensorDimension.Dynamic() : TensorDimension.Fixed(size),
            JsonTokenType.String when !string.IsNullOrWhiteSpace(reader.GetString()) => TensorDimension.Dynamic(reader.GetString()),
            _ => throw new JsonException("A shape dimension must be a size >= 0, -1 or a symbolic name."),
        };

    public override void Write(Utf8JsonWriter writer, TensorDimension value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDynamic && value.Symbol is not null)
        {
            writer.WriteStringValue(value.Symbol);
        }
        else
        {
            writer.WriteNumberValue(value.Size);
        }
    }
}

public sealed class ModelManifestException : Exception
{
    public ModelManifestException(string message)
        : base(message)
    {
    }

    public ModelManifestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

public sealed record TestAssetEntry
{
    /// <summary>File name under <c>.cache/test-assets/</c>.</summary>
    public required string Name { get; init; }

    public required string Package { get; init; }

    public required string Version { get; init; }

    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public string? Description { get; init; }
}

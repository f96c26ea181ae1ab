using System.Diagnostics.CodeAnalysis;

namespace Headshots.Vision.Onnx;

/// <summary>
/// Every verified model opened once, as one long-lived <see cref="OnnxModel"/> shared by all callers, handed out by manifest id.
/// Models that failed the check are left out; asking for one throws <see cref="ModelUnavailableException"/> with the check's
/// message, so a job fails fast (and should not be retried) while the rest of the app keeps working.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, OnnxModel> _models;

    private ModelCatalog(ModelManifest manifest, ModelCheckReport report, Dictionary<string, OnnxModel> models)
    {
        Manifest = manifest;
        Report = report;
        _models = models;
    }

    public ModelManifest Manifest { get; }

    /// <summary>The start-up check, one entry per manifest model; <c>/health/ready</c> shows it.</summary>
    public ModelCheckReport Report { get; }

    /// <summary>Checks every manifest model and keeps a session open for each one that passed.</summary>
    public static ModelCatalog Open(ModelManifest manifest, ModelLocations locations, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(options);
        var models = new Dictionary<string, OnnxModel>(StringComparer.Ordinal);
        var results = new List<ModelCheckResult>();
        try
        {
            foreach (var entry in manifest.Models)
            {
                results.Add(ModelCheck.Check(entry, locations.ModelPath(entry), options, out var model));
                if (model is not null)
                {
                    models[entry.Id] = model;
                }
            }
        }
        catch
        {
            foreach (var model in models.Values)
            {
                model.Dispose();
            }

            throw;
        }

        return new ModelCatalog(manifest, new ModelCheckReport(results), models);
    }

    public OnnxModel Get(string id)
    {
        if (_models.TryGetValue(id, out var model))
        {
            return model;
        }

        var result = Report.Models.FirstOrDefault(m => m.Id == id);
        throw new ModelUnavailableException(id, result?.Message ?? $"The model manifest has no model '{id}'.");
    }

    public bool TryGet(string id, [NotNullWhen(true)] out OnnxModel? model) => _models.TryGetValue(id, out model);

    /// <summary>The pinned hash of a model, for decisions that must record exactly which model produced them.</summary>
    public string Sha256Of(string id) => Manifest.Find(id).OnnxSha256;

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }

        _models.Clear();
    }
}

/// <summary>A job asked for a model that failed the start-up check. Not worth retrying until an operator fixes the file.</summary>
public sealed class ModelUnavailableException(string modelId, string message) : Exception(message)
{
    public string ModelId { get; } = modelId;
}

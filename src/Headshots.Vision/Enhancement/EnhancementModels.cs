using System.Security.Cryptography;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;

namespace Headshots.Vision.Enhancement;

/// <summary>
/// The enhancement models in use, each wrapped around a shared session. A model that is not available leaves its stage
/// out, and the job's notes say so; nothing here owns the sessions unless it was made with <see cref="Load"/>.
/// </summary>
public sealed class EnhancementModels : IDisposable
{
    private readonly IReadOnlyList<OnnxModel> _owned;

    private EnhancementModels(
        ModelRunner? segmentation,
        FaceMeshModel? faceMesh,
        ModelRunner? superResolution,
        IReadOnlyList<ModelRunner> restorers,
        IReadOnlyList<string> missing,
        IReadOnlyDictionary<string, string> sha256,
        IReadOnlyList<OnnxModel> owned)
    {
        Segmentation = segmentation;
        FaceMesh = faceMesh;
        SuperResolution = superResolution;
        Restorers = restorers;
        Missing = missing;
        Sha256 = sha256;
        _owned = owned;
    }

    /// <summary>Model ids the options asked for that could not be used (not in the catalog or failed its check).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>File hash of each model in use, recorded in the output's provenance.</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; }

    internal ModelRunner? Segmentation { get; }

    internal FaceMeshModel? FaceMesh { get; }

    internal ModelRunner? SuperResolution { get; }

    internal IReadOnlyList<ModelRunner> Restorers { get; }

    /// <summary>Uses the app's model catalog (sessions stay owned by the catalog).</summary>
    public static EnhancementModels FromCatalog(ModelCatalog catalog, EnhancementOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Create(options, id => catalog.TryGet(id, out var model) ? model : null, catalog.Sha256Of, []);
    }

    /// <summary>Loads <c>&lt;directory&gt;/&lt;id&gt;.onnx</c> for each model the options name, where the file exists (CLI, tests, benchmarks).</summary>
    public static EnhancementModels Load(string directory, EnhancementOptions options, OnnxSessionOptions sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var owned = new List<OnnxModel>();
        try
        {
            return Create(
                options,
                id =>
                {
                    var path = Path.Combine(directory, id + ".onnx");
                    if (!File.Exists(path))
                    {
                        return null;
                    }

                    var model = OnnxModel.Load(id, path, sessionOptions);
                    owned.Add(model);
                    return model;
                },
                id =>
                {
                    using var stream = File.OpenRead(Path.Combine(directory, id + ".onnx"));
                    return Convert.ToHexStringLower(SHA256.HashData(stream));
                },
                owned);
        }
        catch
        {
            owned.ForEach(m => m.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var model in _owned)
        {
            model.Dispose();
        }
    }

    private static EnhancementModels Create(EnhancementOptions options, Func<string, OnnxModel?> open, Func<string, string> hash, List<OnnxModel> owned)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var missing = new List<string>();
        var sha = new Dictionary<string, string>(StringComparer.Ordinal);
        OnnxModel? Open(string id)
        {
            var model = open(id);
            if (model is null)
            {
                missing.Add(id);
            }
            else
            {
                sha[id] = hash(id);
            }

            return model;
        }

        ModelRunner? Runner(ModelDescriptor? d) => d is not null && Open(d.ModelId) is { } m ? new ModelRunner(m, d) : null;

        var segmentation = options.Stages.Background ? Runner(options.Segmentation) : null;
        var mesh = options.Stages.Retouch && Open(BuiltInModels.FaceMeshId) is { } meshModel ? new FaceMeshModel(meshModel) : null;
        var superResolution = options.Stages.Restoration ? Runner(options.SuperResolution) : null;
        var restorers = options.Stages.Restoration ? options.Restorers.Select(Runner).OfType<ModelRunner>().ToList() : [];
        return new EnhancementModels(segmentation, mesh, superResolution, restorers, missing, sha, owned);
    }
}

using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Features.Vision;

public sealed class VisionOptions
{
    public const string Section = "Vision";

    /// <summary>Folder with the fetched models. Default: HEADSHOTS_MODELS_DIR, else the repository's <c>models/</c>.</summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>Threads one model run may use; 0 lets ONNX Runtime use every core (one inference worker runs at a time).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 256)]
    public int IntraOpThreads { get; set; }
}

/// <summary>
/// The app's one model catalog. A missing manifest or model does not stop the app: pages keep working, readiness names
/// the problem and the command that fixes it, and jobs that need a model fail fast.
/// </summary>
public sealed class VisionModels : IDisposable
{
    private readonly Lazy<(ModelCatalog? Catalog, string? Problem)> _state;

    public VisionModels(IOptions<VisionOptions> options, IHostEnvironment environment, ILogger<VisionModels> logger)
    {
        _state = new Lazy<(ModelCatalog?, string?)>(() =>
        {
            try
            {
                var locations = ModelLocations.Resolve(options.Value.ModelsDirectory, environment.ContentRootPath);
                var manifest = ModelManifest.Load(locations.ManifestPath);
                var catalog = ModelCatalog.Open(manifest, locations, new OnnxSessionOptions { IntraOpThreads = options.Value.IntraOpThreads });
                if (catalog.Report.IsHealthy)
                {
                    logger.LogInformation("Models: {Summary}", catalog.Report.Summary);
                }
                else
                {
                    logger.LogError("Models: {Summary} {Details}", catalog.Report.Summary,
                        string.Join(" ", catalog.Report.Models.Where(m => !m.IsOk).Select(m => m.Message)));
                }

                return (catalog, null);
            }
            catch (ModelManifestException e)
            {
                logger.LogError("Models unavailable: {Problem}", e.Message);
                return (null, e.Message + " Fix: run " + ModelCheck.FixCommand);
            }
        });
    }

    /// <summary>The catalog, or null when not even the manifest could be read (see <see cref="Problem"/>).</summary>
    public ModelCatalog? Catalog => _state.Value.Catalog;

    public string? Problem => _state.Value.Problem;

    public void Dispose()
    {
        if (_state.IsValueCreated)
        {
            _state.Value.Catalog?.Dispose();
        }
    }
}

/// <summary>The face pipeline over the catalog's shared sessions, built on first use.</summary>
public sealed class FaceServices(VisionModels models)
{
    private readonly Lazy<FaceAnalyzer> _analyzer = new(() =>
    {
        var catalog = models.Catalog ?? throw new ModelUnavailableException(FaceModelIds.Detector, models.Problem ?? "Models are unavailable.");
        // The catalog owns the sessions; this FaceModels is never disposed.
        return new FaceAnalyzer(new FaceModels(
            catalog.Get(FaceModelIds.Detector),
            catalog.Get(FaceModelIds.SmallFaceDetector),
            catalog.Get(FaceModelIds.Landmarks),
            catalog.Get(FaceModelIds.Embedding),
            catalog.Get(FaceModelIds.Descriptor),
            catalog.Get(FaceModelIds.Pose),
            catalog.Get(FaceModelIds.Eyes),
            catalog.Get(FaceModelIds.Mesh)));
    });

    /// <summary>Throws <see cref="ModelUnavailableException"/> when a face model failed the start-up check.</summary>
    public FaceAnalyzer Analyzer => _analyzer.Value;
}

/// <summary>The enhancement pipeline with the gate in its loop, over the catalog's shared sessions, built on first use.</summary>
public sealed class EnhancementServices(VisionModels models, FaceServices faces)
{
    private readonly Lazy<(HeadshotEnhancer Enhancer, IReadOnlyList<ModelFingerprint> Models)> _pipeline = new(() =>
    {
        var catalog = models.Catalog ?? throw new ModelUnavailableException(FaceModelIds.Detector, models.Problem ?? "Models are unavailable.");
        var analyzer = faces.Analyzer;
        var fingerprints = FaceModelIds.All.Select(id => new ModelFingerprint(id, catalog.Sha256Of(id))).ToList();
        var options = new EnhancementOptions();
        var enhancement = EnhancementModels.FromCatalog(catalog, options);
        var used = fingerprints.Concat(enhancement.Sha256.Select(m => new ModelFingerprint(m.Key, m.Value))).ToList();
        return (new HeadshotEnhancer(analyzer, new AuthenticityGate(analyzer, fingerprints), enhancement, options), used);
    });

    /// <summary>Throws <see cref="ModelUnavailableException"/> when a face model failed the start-up check.</summary>
    public HeadshotEnhancer Enhancer => _pipeline.Value.Enhancer;

    /// <summary>Every model the pipeline runs, with its file hash, recorded with each generation.</summary>
    public IReadOnlyList<ModelFingerprint> Models => _pipeline.Value.Models;
}

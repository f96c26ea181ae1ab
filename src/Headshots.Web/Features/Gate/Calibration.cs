using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Hangfire.States;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Vision.Onnx;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Vision;
using Headshots.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Features.Gate;

/// <summary>A file of the set that could not be used; it counts as "no face found" (a non-match), as in the CLI.</summary>
public sealed record CalibrationImageError(string File, string Message);

/// <summary>
/// What a calibration run found: the verification summary of <c>headshots gate eval --pairs</c> (same code:
/// <see cref="GateEvaluation.EvaluatePairs"/>), the rates at the evaluated accept threshold and review floor, and the
/// pair scores (for the ROC).
/// </summary>
public sealed record CalibrationResult(
    int Images,
    int FacesFound,
    int Pairs,
    VerificationSummary Summary,
    ThresholdRates AtAcceptThreshold,
    ThresholdRates AtReviewFloor,
    IReadOnlyList<PairScore> Scores,
    IReadOnlyList<CalibrationImageError> ImageErrors)
{
    // Derived from Scores, so not stored with them.
    [JsonIgnore]
    public IReadOnlyList<double> Genuine => Scores.Where(s => s.Same).Select(s => s.Score).ToList();

    [JsonIgnore]
    public IReadOnlyList<double> Impostor => Scores.Where(s => !s.Same).Select(s => s.Score).ToList();
}

/// <summary>Checks an upload at once (so mistakes are reported on the spot) and queues its evaluation on the inference worker.</summary>
public sealed class CalibrationService(AppDbContext db, IBackgroundJobClient jobs, IOptions<CalibrationOptions> options, TimeProvider clock)
{
    /// <summary>Throws <see cref="CalibrationArchiveException"/> when the zip is refused; nothing is stored then.</summary>
    public async Task<CalibrationRun> StartAsync(string fileName, byte[] zip, float acceptAt, float reviewFrom, string settingsLabel, AuditActor actor, CancellationToken cancellationToken)
    {
        (GateThresholds.Default with { AcceptAt = acceptAt, ReviewFrom = reviewFrom }).Validate();
        var set = CalibrationArchive.Read(zip, options.Value);
        var run = new CalibrationRun
        {
            Id = Guid.NewGuid(),
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor.Id,
            CreatedByEmail = actor.Name,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 200 } name ? name : "calibration.zip",
            Status = CalibrationStatus.Queued,
            Upload = zip,
            AcceptAt = acceptAt,
            ReviewFrom = reviewFrom,
            SettingsLabel = settingsLabel,
            Images = set.Images.Count,
            Pairs = set.Pairs.Count,
        };
        db.CalibrationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        // Ids, not payloads: the job reads the zip from the row.
        jobs.Create<CalibrationJob>(job => job.RunAsync(run.Id, CancellationToken.None), new EnqueuedState(JobQueues.Inference));
        return run;
    }
}

/// <summary>
/// Evaluates a calibration upload on the inference queue. Never retried automatically (no [AutomaticRetry]): a bad set
/// fails once with a message. The zip is deleted when the run ends, whatever the outcome.
/// </summary>
public sealed class CalibrationJob(AppDbContext db, FaceServices faces, IOptions<CalibrationOptions> options, TimeProvider clock, ILogger<CalibrationJob> logger)
{
    public static readonly JsonSerializerOptions ResultJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Queue(JobQueues.Inference)]
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var started = await db.CalibrationRuns
            .Where(r => r.Id == runId && (r.Status == CalibrationStatus.Queued || r.Status == CalibrationStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CalibrationStatus.Running).SetProperty(r => r.ImagesDone, 0), cancellationToken);
        if (started == 0)
        {
            return;
        }

        var run = await db.CalibrationRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        try
        {
            var set = CalibrationArchive.Read(run.Upload ?? throw new CalibrationArchiveException("The upload is gone; upload the set again."), options.Value);
            var result = Evaluate(set, run.AcceptAt, run.ReviewFrom, options.Value.MaxEntryBytes, done =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                db.CalibrationRuns.Where(r => r.Id == runId).ExecuteUpdate(s => s.SetProperty(r => r.ImagesDone, done));
            });
            run.Result = JsonSerializer.Serialize(result, ResultJson);
            run.Status = CalibrationStatus.Completed;
            run.ImagesDone = set.Images.Count;
        }
        catch (Exception e) when (e is CalibrationArchiveException or ModelUnavailableException)
        {
            run.Status = CalibrationStatus.Failed;
            run.Message = e is ModelUnavailableException
                ? "The face models are not available on the server right now; try again later."
                : e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Calibration run {RunId} failed", runId);
            run.Status = CalibrationStatus.Failed;
            run.Message = "The evaluation stopped with an unexpected error; the details are in the server log.";
        }

        run.Upload = null;
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// The evaluation itself, scored like <c>headshots gate eval --pairs</c>: each image through the safe loader and
    /// embedded once (the best human face), then <see cref="GateEvaluation.EvaluatePairs"/>. The CLI also reports its
    /// face-checked summary, which this page does not.
    /// </summary>
    public CalibrationResult Evaluate(CalibrationSet set, float acceptAt, float reviewFrom, long maxImageBytes, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var loader = new SafeImageLoader(new ImageLoadOptions { MaxBytes = maxImageBytes });
        var errors = new List<CalibrationImageError>();
        var done = 0;
        FaceEmbedding? Embed(string file)
        {
            try
            {
                using var loaded = loader.Load(set.Images[file]);
                return faces.Analyzer.EmbedBestFace(loaded.Image);
            }
            catch (ImageRejectedException e)
            {
                errors.Add(new CalibrationImageError(file, e.Message));
                return null;
            }
            finally
            {
                progress?.Invoke(++done);
            }
        }

        var evaluation = GateEvaluation.EvaluatePairs(set.Pairs, Embed);
        var genuine = evaluation.Scores.Where(s => s.Same).Select(s => s.Score).ToList();
        var impostor = evaluation.Scores.Where(s => !s.Same).Select(s => s.Score).ToList();
        return new CalibrationResult(
            evaluation.Images,
            evaluation.FacesFound,
            evaluation.Pairs,
            evaluation.Summary,
            VerificationMetrics.RatesAt(genuine, impostor, acceptAt),
            VerificationMetrics.RatesAt(genuine, impostor, reviewFrom),
            evaluation.Scores,
            errors);
    }

    public static CalibrationResult? ReadResult(CalibrationRun run) =>
        run.Result is null ? null : JsonSerializer.Deserialize<CalibrationResult>(run.Result, ResultJson);

    public static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}

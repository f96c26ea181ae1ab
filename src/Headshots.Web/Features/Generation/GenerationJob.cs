using System.Text.Json;
using Hangfire;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Vision.Onnx;
using Headshots.Web.Data;
using Headshots.Web.Features.Gate;
using Headshots.Web.Features.Photos;
using Headshots.Web.Features.Vision;
using Headshots.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Headshots.Web.Features.Generation;

/// <summary>
/// Renders a generation's styles with the enhancement pipeline, the gate in its loop.
/// <list type="bullet">
/// <item>Idempotent: a resumed job renders only the styles that have no headshot yet (a unique index backs this up).</item>
/// <item>Its own attempt counter: Hangfire re-queues a job whose worker died without counting it, so a photo that kills
///   the worker would loop forever; after <see cref="MaxAttempts"/> starts the generation is given up with a message.</item>
/// <item>Bad input and missing models fail at once and are never retried.</item>
/// </list>
/// </summary>
public sealed class GenerationJob(
    AppDbContext db,
    EnhancementServices vision,
    FaceServices faces,
    PhotoEmbeddings embeddings,
    GateSettingsStore gateSettings,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<GenerationJob> logger)
{
    public const int MaxAttempts = 3;

    private static readonly JsonSerializerOptions EvidenceJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    // An exception that is not bad input (a bug, the database going away) gets two more tries a little later.
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [15, 60])]
    [Queue(JobQueues.Inference)]
    public async Task RunAsync(Guid generationId, CancellationToken cancellationToken)
    {
        var started = await db.Generations
            .Where(g => g.Id == generationId && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(g => g.Attempts, g => g.Attempts + 1)
                .SetProperty(g => g.Status, GenerationStatus.Running)
                .SetProperty(g => g.StartedAt, clock.GetUtcNow()), cancellationToken);
        if (started == 0)
        {
            return; // deleted, or already finished: running again changes nothing
        }

        var generation = await db.Generations.Include(g => g.Headshots).SingleAsync(g => g.Id == generationId, cancellationToken);
        if (generation.Attempts > MaxAttempts)
        {
            await FinishAsync(generation, GenerationStatus.CouldNotBeProcessed,
                $"This photo could not be processed: the attempt to render it stopped unexpectedly {MaxAttempts} times. " +
                "Try another photo; the site's operator can see the details.", cancellationToken);
            logger.LogError("Generation {GenerationId} given up after {Attempts} starts", generationId, MaxAttempts);
            return;
        }

        try
        {
            await RenderMissingStylesAsync(generation, cancellationToken);
            await FinishAsync(generation, GenerationStatus.Completed, null, cancellationToken);
        }
        catch (Exception e) when (e is ImageRejectedException or EnhancementException or MissingSourceException)
        {
            await FinishAsync(generation, GenerationStatus.Failed, e.Message, cancellationToken);
        }
        catch (ModelUnavailableException e)
        {
            logger.LogError("Generation {GenerationId} failed: model {ModelId} unavailable", generationId, e.ModelId);
            await FinishAsync(generation, GenerationStatus.Failed,
                "Headshots cannot be made right now because a model is missing on the server. Your photos are kept; please try again later.",
                cancellationToken);
        }
    }

    private async Task RenderMissingStylesAsync(Data.Generation generation, CancellationToken cancellationToken)
    {
        var source = generation.SourcePhotoId is { } sourceId
            ? await db.PhotoContents.AsNoTracking().Where(c => c.PhotoId == sourceId).Select(c => c.Jpeg).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (source is null)
        {
            throw new MissingSourceException();
        }

        await embeddings.RefreshAsync(generation.UserId, cancellationToken);
        var referencePhotos = await db.Photos.AsNoTracking()
            .Where(p => p.UserId == generation.UserId).Where(Photo.IsReferencePhoto)
            .Where(p => p.EmbeddingVersion == FaceEmbedding.PipelineVersion) // one that could not be recomputed cannot be compared
            .Select(p => p.Embedding).ToListAsync(cancellationToken);
        var references = referencePhotos.Select(e => FaceEmbedding.FromValues(e)).ToList();
        var (baselineLow, baselineHigh) = Baseline(references);
        // A new job takes the settings in force; a resumed one keeps the version it started with, so every style of
        // one generation is decided alike.
        var settings = (generation.GateSettingsVersion is { } started ? await gateSettings.GetAsync(started, cancellationToken) : null)
                       ?? await gateSettings.CurrentAsync(cancellationToken);
        var thresholds = settings.Thresholds;
        generation.GateSettingsVersion = settings.Version;
        generation.GateSettings = GenerationService.GateSettingsJson(thresholds);
        generation.Models = JsonSerializer.Serialize(vision.Models);
        await db.SaveChangesAsync(cancellationToken);

        using var loaded = new SafeImageLoader().Load(source);
        // One analysis of the source serves every style (and the gate's drift checks), not one per style.
        var sourcePhoto = new SourcePhoto(loaded.Image, faces.Analyzer.Analyze(loaded.Image, FaceAnalysisDetail.Identity));
        var done = generation.Headshots.Select(h => h.Style).ToHashSet(StringComparer.Ordinal);
        var intensity = Enum.Parse<Intensity>(generation.Intensity);
        for (var index = 0; index < generation.Styles.Count; index++)
        {
            var styleName = generation.Styles[index];
            if (done.Contains(styleName))
            {
                continue;
            }

            await using var progress = new ProgressWriter(scopes, generation.Id, index, generation.Styles.Count);
            using var result = vision.Enhancer.Enhance(
                sourcePhoto,
                references.Count > 0 ? references : null,
                new EnhancementRequest { Style = HeadshotStyles.Find(styleName), Intensity = intensity, Thresholds = thresholds },
                progress,
                cancellationToken);
            await SaveHeadshotAsync(generation, styleName, result, baselineLow, baselineHigh, cancellationToken);
        }
    }

    private async Task SaveHeadshotAsync(Data.Generation generation, string style, EnhancementResult result, float? baselineLow, float? baselineHigh, CancellationToken cancellationToken)
    {
        if (result.Output is null)
        {
            // Every attempt was rejected: there is no image to keep, only the record of why.
            logger.LogInformation("Generation {GenerationId} style {Style}: every attempt rejected", generation.Id, style);
        }

        // The id goes into the files' provenance metadata, so a downloaded copy can be traced back (Recruiter/Verify).
        var headshotId = Guid.NewGuid();
        var jpeg = result.Output is null ? [] : result.Encode(HeadshotFormat.Jpeg, headshotId);
        var png = result.Output is null ? [] : result.Encode(HeadshotFormat.Png, headshotId);
        var decision = result.Decision;
        var headshot = new Headshot
        {
            Id = headshotId,
            GenerationId = generation.Id,
            UserId = generation.UserId,
            Style = style,
            Intensity = generation.Intensity,
            Verdict = result.Output is null ? GateVerdict.Reject.ToString() : decision.Verdict.ToString(),
            Score = decision.Scores.Identity,
            ScoreToSource = decision.Scores.SourceSimilarity,
            BaselineLow = baselineLow,
            BaselineHigh = baselineHigh,
            Reasons = [.. decision.Reasons.Select(r => r.Message)],
            Evidence = JsonSerializer.Serialize(new { decision, attempts = result.Attempts, stageMs = result.StageMs, totalMs = result.TotalMs }, EvidenceJson),
            Edits = [.. result.Notes],
            Width = result.Output?.Width ?? 0,
            Height = result.Output?.Height ?? 0,
            CreatedAt = clock.GetUtcNow(),
            Content = HeadshotContent.For(jpeg, png),
        };
        db.Headshots.Add(headshot);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another run of this job saved this style first (at-least-once delivery): keep theirs.
            db.Entry(headshot).State = EntityState.Detached;
        }
    }

    private async Task FinishAsync(Data.Generation generation, GenerationStatus status, string? message, CancellationToken cancellationToken)
    {
        generation.Status = status;
        generation.Message = message;
        generation.Stage = null;
        generation.Percent = status == GenerationStatus.Completed ? 100 : generation.Percent;
        generation.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How much the user's own photos agree with each other: the range a genuine score falls in.</summary>
    private static (float? Low, float? High) Baseline(List<FaceEmbedding> references)
    {
        if (references.Count < 2)
        {
            return (null, null);
        }

        var scores = references.Select((e, i) =>
            e.Similarity(FaceEmbedding.Mean([.. references.Where((_, j) => j != i)]))).ToList();
        return (scores.Min(), scores.Max());
    }

    private sealed class MissingSourceException()
        : Exception("The photo this was to be made from has been deleted. Start a new generation from one of your current photos.");
}

using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Generation;

public sealed record GenerationRequestResult(Guid? GenerationId, string? Problem);

/// <summary>Starts generations and answers what the progress page asks.</summary>
public sealed class GenerationService(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<GenerationRequestResult> RequestAsync(string userId, IReadOnlyCollection<string> styles, string intensity, Guid? sourcePhotoId, CancellationToken cancellationToken)
    {
        var known = styles.Distinct(StringComparer.Ordinal).Where(s => HeadshotStyles.All.Any(k => k.Name == s)).ToList();
        if (known.Count == 0)
        {
            return new(null, "Choose at least one style.");
        }

        if (!Enum.TryParse<Intensity>(intensity, ignoreCase: true, out var parsedIntensity))
        {
            return new(null, "Choose an intensity: light, standard or polished.");
        }

        var photos = await db.Photos.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken);
        var references = photos.Where(p => p.IsReference).ToList();
        if (references.Count == 0)
        {
            return new(null, "Upload at least one photo of yourself first.");
        }

        Guid source;
        if (sourcePhotoId is { } chosen)
        {
            if (photos.All(p => p.Id != chosen))
            {
                return new(null, "That photo is not one of yours.");
            }

            source = chosen;
        }
        else
        {
            // The most typical photo of the person: closest to the mean of their references. Only embeddings of the current
            // pipeline can be compared; right after an upgrade, before the job recomputes the rest, that may be none, and
            // the newest reference photo is taken.
            var comparable = references.Where(p => p.EmbeddingVersion == FaceEmbedding.PipelineVersion).ToList();
            if (comparable.Count == 0)
            {
                source = references.MaxBy(p => p.UploadedAt)!.Id;
            }
            else
            {
                var mean = FaceEmbedding.Mean([.. comparable.Select(p => FaceEmbedding.FromValues(p.Embedding))]);
                source = comparable.MaxBy(p => FaceEmbedding.FromValues(p.Embedding).Similarity(mean))!.Id;
            }
        }

        var generation = new Data.Generation
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = clock.GetUtcNow(),
            SourcePhotoId = source,
            Styles = known,
            Intensity = parsedIntensity.ToString(),
            Status = GenerationStatus.Queued,
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync(cancellationToken);
        // Jobs take ids, not payloads: the job reads everything it needs from the database.
        jobs.Create<GenerationJob>(job => job.RunAsync(generation.Id, CancellationToken.None), new EnqueuedState(JobQueues.Inference));
        return new(generation.Id, null);
    }

    /// <summary>How many generations are ahead of this one in the inference queue (0 when it is running or done).</summary>
    public async Task<int> QueuePositionAsync(Data.Generation generation, CancellationToken cancellationToken) =>
        generation.Status != GenerationStatus.Queued
            ? 0
            : await db.Generations.CountAsync(
                g => (g.Status == GenerationStatus.Queued && g.CreatedAt < generation.CreatedAt) || g.Status == GenerationStatus.Running,
                cancellationToken);

    internal static string GateSettingsJson(GateThresholds thresholds) => JsonSerializer.Serialize(thresholds);
}

using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Web.Data;
using Headshots.Web.Features.Vision;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Photos;

/// <summary>
/// Keeps a user's stored face embeddings comparable: embeddings computed by an older face pipeline
/// (<see cref="Photo.EmbeddingVersion"/> below <see cref="FaceEmbedding.PipelineVersion"/>) are recomputed from the stored
/// photo before the gate or the upload's consistency check compares them. Done lazily, for one user, where they are
/// compared — at upload and in the generation job — so an upgrade needs no migration step that runs the models. (Choosing
/// a generation's most typical photo reads them too, and compares only those of the current version.)
/// </summary>
public sealed class PhotoEmbeddings(AppDbContext db, FaceServices faces, ILogger<PhotoEmbeddings> logger)
{
    /// <summary>Recomputes the user's out-of-date embeddings; returns how many were updated.</summary>
    public async Task<int> RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        var stale = await db.Photos
            .Where(p => p.UserId == userId && p.EmbeddingVersion < FaceEmbedding.PipelineVersion)
            .Include(p => p.Content)
            .ToListAsync(cancellationToken);
        var updated = 0;
        foreach (var photo in stale)
        {
            if (photo.Content is null)
            {
                continue;
            }

            using var loaded = new SafeImageLoader().Load(photo.Content.Jpeg);
            if (faces.Analyzer.EmbedBestFace(loaded.Image) is not { } embedding)
            {
                // Detection is the same in every version, so this should not happen; the old embedding stays and the photo
                // is tried again next time.
                logger.LogWarning("No face found when recomputing the embedding of photo {PhotoId}; its version {EmbeddingVersion} embedding is kept", photo.Id, photo.EmbeddingVersion);
                continue;
            }

            photo.Embedding = embedding.ToArray();
            photo.EmbeddingVersion = FaceEmbedding.PipelineVersion;
            updated++;
        }

        if (updated > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Recomputed {Count} face embeddings of {UserId} with pipeline version {EmbeddingVersion}", updated, userId, FaceEmbedding.PipelineVersion);
        }

        return updated;
    }
}

using System.Security.Cryptography;
using Headshots.Vision.Faces;
using Headshots.Vision.Imaging;
using Headshots.Web.Data;
using Headshots.Web.Features.Gate;
using Headshots.Web.Features.Vision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Features.Photos;

/// <summary>What the user is told about one uploaded file.</summary>
public sealed record PhotoVerdict(string FileName, bool Accepted, string Headline, IReadOnlyList<string> Guidance, Guid? PhotoId = null);

/// <summary>
/// Takes one uploaded file through the checks — safe decoding, then face quality — and keeps it only when it passes:
/// re-encoded without metadata, stored with its record in one transaction, with its face embedding.
/// A rejected file leaves nothing behind.
/// </summary>
public sealed class PhotoIntake(
    AppDbContext db,
    FaceServices faces,
    PhotoEmbeddings embeddings,
    ConsentService consent,
    GateSettingsStore gateSettings,
    IOptions<PhotoOptions> options,
    TimeProvider clock,
    ILogger<PhotoIntake> logger)
{
    public async Task<PhotoVerdict> AcceptAsync(string userId, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = FileNames.ForDisplay(fileName);
        if (!await consent.HasConsentedAsync(userId, cancellationToken))
        {
            // No face processing without explicit consent, not even to give feedback.
            return Rejected(name, "Please agree to face checks first", "Your photo was not looked at or stored.");
        }

        var limits = options.Value;
        if (await db.Photos.CountAsync(p => p.UserId == userId, cancellationToken) >= limits.MaxPhotosPerUser)
        {
            return Rejected(name, $"You already have {limits.MaxPhotosPerUser} photos", "Delete one before adding another.");
        }

        var loader = new SafeImageLoader(new ImageLoadOptions { MaxBytes = limits.MaxUploadBytes });
        LoadedImage loaded;
        try
        {
            loaded = await loader.LoadAsync(content, cancellationToken);
        }
        catch (ImageRejectedException e)
        {
            return Rejected(name, "This file cannot be used", e.Message);
        }

        using (loaded)
        {
            var image = loaded.Image;
            var analysis = faces.Analyzer.Analyze(image);
            // The limits an admin set last (gate settings), not start-up configuration.
            var settings = await gateSettings.CurrentAsync(cancellationToken);
            var quality = new PhotoQualityChecker(settings.PhotoQuality).Check(image, analysis);
            if (!quality.Passed)
            {
                return Rejected(name, quality.Issues[0].Message, [.. quality.Issues.Skip(1).Select(i => i.Message)]);
            }

            var embedding = analysis.Best!.Embedding;
            var notes = new List<string>();
            var now = clock.GetUtcNow();
            if (loaded.CapturedAt is { } captured && captured < now.UtcDateTime.AddDays(-365.25 * limits.RecencyYears))
            {
                notes.Add($"Taken on {captured:d MMMM yyyy} — headshots should show how you look now. A current photo works best.");
            }

            await embeddings.RefreshAsync(userId, cancellationToken);
            // A photo whose embedding could not be recomputed keeps its older one, which cannot be compared: left out.
            var others = await db.Photos.Where(p => p.UserId == userId).Where(Photo.IsReferencePhoto)
                .Where(p => p.EmbeddingVersion == FaceEmbedding.PipelineVersion)
                .Select(p => p.Embedding).ToListAsync(cancellationToken);
            float? consistency = null;
            if (others.Count > 0)
            {
                consistency = embedding.Similarity(FaceEmbedding.Mean([.. others.Select(values => FaceEmbedding.FromValues(values))]));
            }

            var inconsistent = consistency < settings.ConsistencyMinSimilarity;
            if (inconsistent)
            {
                notes.Add($"\"{name}\" does not look like your other photos, so it is not used to check your headshots. " +
                          "If it really is you, choose \"Use it anyway\".");
            }

            var jpeg = ImageReencoder.ToJpegBytes(image);
            var photo = new Photo
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                UploadedAt = now,
                DisplayName = name,
                Width = image.Width,
                Height = image.Height,
                CapturedAt = loaded.CapturedAt,
                Embedding = embedding.ToArray(),
                EmbeddingVersion = FaceEmbedding.PipelineVersion,
                ConsistencyScore = consistency,
                LooksInconsistent = inconsistent,
                GateSettingsVersion = settings.Version,
                Notes = notes,
                Content = new PhotoContent { Jpeg = jpeg, Sha256 = Convert.ToHexStringLower(SHA256.HashData(jpeg)) },
            };

            // One SaveChanges = one transaction: the row and its bytes exist together or not at all.
            db.Photos.Add(photo);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Photo {PhotoId} accepted for {UserId} under gate settings version {GateSettingsVersion}", photo.Id, userId, settings.Version);
            return new PhotoVerdict(name, true, inconsistent ? "Saved, but it does not match your other photos" : "Looks good", notes, photo.Id);
        }
    }

    private static PhotoVerdict Rejected(string name, string headline, params string[] guidance) =>
        new(name, false, headline, guidance);
}

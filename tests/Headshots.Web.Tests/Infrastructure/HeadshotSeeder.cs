using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>
/// Puts finished headshots into the database the way GenerationJob stores them (same evidence shape, files encoded by the
/// real HeadshotEncoder with our provenance), without running the models: sharing tests need headshots, not renders.
/// </summary>
public static class HeadshotSeeder
{
    private static readonly JsonSerializerOptions EvidenceJson = new() { Converters = { new JsonStringEnumConverter() } };

    // Drawn, not read from the fetched test photos: sharing tests need an image, not a face, so they run without the
    // model fetch (the fast lane). Rendered outputs and their faces are the generation tests' business.
    private static readonly Lazy<Image<Rgb24>> Portrait = new(() =>
    {
        var image = new Image<Rgb24>(160, 160);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    // A grey backdrop with a skin-toned oval where a head would be.
                    var (dx, dy) = ((x - 80) / 38f, (y - 70) / 50f);
                    row[x] = dx * dx + dy * dy <= 1 ? new Rgb24(214, 170, 140) : new Rgb24((byte)(90 + (y / 4)), (byte)(96 + (y / 4)), 104);
                }
            }
        });
        return image;
    });

    /// <summary>A source photo of the user (rows and bytes only; the face models are not run).</summary>
    public static async Task<Photo> SeedPhotoAsync(IServiceProvider services, string userId, DateTimeOffset uploadedAt, DateTime? capturedAt = null)
    {
        var jpeg = EncodeJpeg(Portrait.Value);
        var photo = new Photo
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            UploadedAt = uploadedAt,
            DisplayName = "me.jpg",
            Width = 160,
            Height = 160,
            // A camera clock has no time zone (the column is "timestamp without time zone").
            CapturedAt = capturedAt is { } taken ? DateTime.SpecifyKind(taken, DateTimeKind.Unspecified) : null,
            Embedding = new float[FaceEmbedding.Length],
            Content = new PhotoContent { Jpeg = jpeg, Sha256 = Convert.ToHexStringLower(SHA256.HashData(jpeg)) },
        };
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Photos.Add(photo);
        await db.SaveChangesAsync();
        return photo;
    }

    /// <summary>A completed generation with one headshot (approved unless <paramref name="verdict"/> says otherwise).</summary>
    public static async Task<Headshot> SeedHeadshotAsync(IServiceProvider services, string userId, Guid? sourcePhotoId = null,
        GateVerdict verdict = GateVerdict.Accept, float score = 0.71f, int referencePhotos = 3, string style = "studio-grey")
    {
        var headshotId = Guid.NewGuid();
        var thresholds = GateThresholds.Default;
        var decision = new GateDecision(
            verdict,
            verdict == GateVerdict.Accept ? [] : [new GateReason(GateCheck.Identity, verdict, "Looks less like you than your own photos do.")],
            new GateScores(score, [.. Enumerable.Range(0, referencePhotos).Select(i => score - (0.01f * i))], 0.82f, 1, 1, 3.2, 0.02f, null),
            thresholds,
            [new ModelFingerprint("fr_feature", new string('a', 64)), new ModelFingerprint("dlib_resnet", new string('b', 64))]);
        var provenance = new Provenance(style, Intensity.Standard, verdict, score, 0.82f, thresholds.Version, 0.6f, decision.Models, ["selfie_segmentation"])
        {
            HeadshotId = headshotId,
        };
        var jpeg = HeadshotEncoder.Encode(Portrait.Value, HeadshotFormat.Jpeg, provenance);
        var png = HeadshotEncoder.Encode(Portrait.Value, HeadshotFormat.Png, provenance);
        var now = DateTimeOffset.UtcNow;
        var generation = new Data.Generation
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = now,
            SourcePhotoId = sourcePhotoId,
            Styles = [style],
            Intensity = "Standard",
            Status = GenerationStatus.Completed,
            FinishedAt = now,
        };
        var headshot = new Headshot
        {
            Id = headshotId,
            GenerationId = generation.Id,
            UserId = userId,
            Style = style,
            Intensity = "Standard",
            Verdict = verdict.ToString(),
            Score = score,
            ScoreToSource = 0.82f,
            Reasons = [.. decision.Reasons.Select(r => r.Message)],
            Evidence = JsonSerializer.Serialize(new { decision, attempts = Array.Empty<object>() }, EvidenceJson),
            Edits = ["framing", "backdrop", "light and colour"],
            Width = 160,
            Height = 160,
            CreatedAt = now,
            Content = HeadshotContent.For(jpeg, png),
        };
        generation.Headshots.Add(headshot);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        return headshot;
    }

    private static byte[] EncodeJpeg(Image<Rgb24> image)
    {
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }
}
